package io.tandem.host.questions;

import io.tandem.host.central.AdapterStateStore;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.delivery.CentralPendingQuestions;
import io.tandem.host.delivery.PendingQuestion;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes central {@code pending_questions} rows, and the mark a question leaves behind
 * when it stops being pending ({@link QuestionMark}), inside the caller's transaction.
 */
final class PendingQuestionRows {
    /** How long what became of a question is remembered (a later click answers 409/410, then 404). */
    static final Duration MARK_TTL = Duration.ofDays(30);
    /** A well-formed Tandem timestamp ({@code 2026-11-22T02:47:18.123Z}) as a GLOB pattern. */
    private static final String TIMESTAMP_GLOB =
            "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z";
    private static final String COLUMNS = "question_id, session_id, message_out_id, channel_type, platform_id, "
            + "thread_id, title, options_json, created_at, expires_at";

    Optional<PendingQuestion> find(Connection c, String questionId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM pending_questions WHERE question_id = ?",
                PendingQuestionRows::row, questionId);
    }

    void delete(Connection c, String questionId) throws SQLException {
        Sql.update(c, "DELETE FROM pending_questions WHERE question_id = ?", questionId);
    }

    /**
     * Up to {@code limit} rows that may be due at {@code now}: a well-formed {@code expires_at}
     * at or before it (fixed-width timestamps compare as text), or one that is not well-formed.
     * Ordered by ({@code expires_at}, {@code question_id}) after the given key, so a pass pages
     * through them without re-reading a row it could not expire.
     */
    List<PendingQuestion> dueCandidates(Connection c, Instant now, String afterExpiresAt, String afterId, int limit)
            throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM pending_questions WHERE expires_at IS NOT NULL "
                        + "AND (expires_at <= ? OR expires_at NOT GLOB ?) AND (expires_at, question_id) > (?, ?) "
                        + "ORDER BY expires_at, question_id LIMIT ?", PendingQuestionRows::row,
                Timestamps.format(now), TIMESTAMP_GLOB, afterExpiresAt, afterId, limit);
    }

    /** The pending question with the earliest well-formed {@code expires_at} after {@code now}, if any. */
    List<PendingQuestion> nextAfter(Connection c, Instant now) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM pending_questions WHERE expires_at > ? AND expires_at GLOB ? "
                + "ORDER BY expires_at LIMIT 1", PendingQuestionRows::row, Timestamps.format(now), TIMESTAMP_GLOB);
    }

    /** Remembers what became of {@code questionId} for {@link #MARK_TTL}. */
    void mark(Connection c, AdapterStateStore state, String questionId, QuestionMark mark, Instant now)
            throws SQLException {
        state.kvPut(c, markKey(questionId), mark.wire(), Timestamps.format(now.plus(MARK_TTL)));
    }

    /** What became of {@code questionId}, if it was pending once and is remembered. */
    Optional<QuestionMark> markOf(Connection c, AdapterStateStore state, String questionId) throws SQLException {
        return state.kvGet(c, markKey(questionId)).flatMap(QuestionMark::of);
    }

    /** Undoes a claim whose response could not be written: the question is pending again, its mark gone. */
    void restore(Connection c, AdapterStateStore state, PendingQuestion q, Instant now) throws SQLException {
        CentralPendingQuestions.insert(c, q);
        // expiring the mark now hides it from reads at once; housekeeping purges it
        state.kvPut(c, markKey(q.questionId()), "unclaimed", Timestamps.format(now));
    }

    private static String markKey(String questionId) {
        return "question:answered:" + questionId;
    }

    private static PendingQuestion row(ResultSet rs) throws SQLException {
        return new PendingQuestion(rs.getString(1), rs.getString(2), rs.getString(3),
                new ChatTarget(rs.getString(4), rs.getString(5), rs.getString(6)), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10));
    }
}
