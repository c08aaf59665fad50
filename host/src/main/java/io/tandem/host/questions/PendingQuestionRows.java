package io.tandem.host.questions;

import io.tandem.host.channels.ChatTarget;
import io.tandem.host.delivery.PendingQuestion;
import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Reads and deletes central {@code pending_questions} rows inside the caller's transaction. */
final class PendingQuestionRows {
    Optional<PendingQuestion> find(Connection c, String questionId) throws SQLException {
        return Sql.one(c, "SELECT question_id, session_id, message_out_id, channel_type, platform_id, thread_id, "
                + "title, options_json, created_at, expires_at FROM pending_questions WHERE question_id = ?",
                rs -> new PendingQuestion(rs.getString(1), rs.getString(2), rs.getString(3),
                        new ChatTarget(rs.getString(4), rs.getString(5), rs.getString(6)), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10)), questionId);
    }

    void delete(Connection c, String questionId) throws SQLException {
        Sql.update(c, "DELETE FROM pending_questions WHERE question_id = ?", questionId);
    }
}
