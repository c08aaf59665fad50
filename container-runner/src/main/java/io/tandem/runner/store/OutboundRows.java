package io.tandem.runner.store;

import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.seq.SeqMinter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The writes the runner makes inside an outbound transaction. Each method runs on a connection
 * already inside {@link OutboundStore#tx}; none of them touches inbound.db (reading the other
 * file inside a write transaction can deadlock the two sides, invariant 2).
 */
public final class OutboundRows {
    private static final SeqMinter MINTER = SeqMinter.outbound();

    private static final String UPSERT_ACK = "INSERT INTO processing_ack(message_id, attempt, status, status_changed,"
            + " error) VALUES (?, ?, ?, ?, ?) ON CONFLICT(message_id) DO UPDATE SET attempt = excluded.attempt,"
            + " status = excluded.status, status_changed = excluded.status_changed, error = excluded.error";

    private static final String INSERT_OUT = "INSERT INTO messages_out(id, seq, in_reply_to, timestamp, kind,"
            + " platform_id, channel_type, thread_id, content) VALUES (?, " + MINTER.nextSeqSql()
            + ", ?, ?, ?, ?, ?, ?, ?)";

    private static final String UPSERT_CONTAINER = "INSERT INTO container_state(id, batch_id, batch_started_at,"
            + " current_action, updated_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            + " batch_id = excluded.batch_id, batch_started_at = excluded.batch_started_at,"
            + " current_action = excluded.current_action, updated_at = excluded.updated_at";

    private OutboundRows() {
    }

    /** Acks every message as {@code processing} for the attempt the runner saw ({@code tries}). */
    public static void ackProcessing(Connection c, List<InboundMessage> messages, String now) throws SQLException {
        for (InboundMessage m : messages) {
            Sql.update(c, UPSERT_ACK, m.id(), m.tries(), AckStatus.PROCESSING.wire(), now, null);
        }
    }

    /** Final acks of a batch: {@code completed}, or {@code failed} with the agent's error. */
    public static void ackFinal(Connection c, List<InboundMessage> messages, boolean failed, String error,
            String now) throws SQLException {
        String status = (failed ? AckStatus.FAILED : AckStatus.COMPLETED).wire();
        for (InboundMessage m : messages) {
            Sql.update(c, UPSERT_ACK, m.id(), m.tries(), status, now, failed ? error : null);
        }
    }

    /** Deletes one ack only if it still carries {@code attempt} and {@code status}. */
    public static int deleteAck(Connection c, String messageId, int attempt, AckStatus status) throws SQLException {
        return Sql.update(c, "DELETE FROM processing_ack WHERE message_id = ? AND attempt = ? AND status = ?",
                messageId, attempt, status.wire());
    }

    /**
     * Inserts a chat row with an odd seq minted in the INSERT from the own-table max and
     * {@code otherMax} (read from inbound.db before the transaction). Returns the seq.
     */
    public static long insertChat(Connection c, String id, long otherMax, String inReplyTo, Route route,
            String contentJson, String now) throws SQLException {
        return insert(c, id, otherMax, inReplyTo, OutboundKind.CHAT, route, contentJson, now);
    }

    /** As {@link #insertChat} for a row of any {@code kind} (chat, card, question). Returns the seq. */
    public static long insert(Connection c, String id, long otherMax, String inReplyTo, OutboundKind kind, Route route,
            String contentJson, String now) throws SQLException {
        Sql.update(c, INSERT_OUT, id, otherMax, inReplyTo, now, kind.wire(), route.platformId(),
                route.channelType(), route.threadId(), contentJson);
        return MINTER.seqOf(c, id);
    }

    public static void stateSet(Connection c, String key, String value, String now) throws SQLException {
        Sql.update(c, "INSERT INTO session_state(key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key)"
                + " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at", key, value, now);
    }

    public static void stateDelete(Connection c, String key) throws SQLException {
        Sql.update(c, "DELETE FROM session_state WHERE key = ?", key);
    }

    /** Forgets all agent state ({@code /clear}). */
    public static void stateClear(Connection c) throws SQLException {
        Sql.update(c, "DELETE FROM session_state");
    }

    /** Records what the runner is doing, for operators ({@code tandem sessions}). */
    public static void containerState(Connection c, String batchId, String batchStartedAt, String action,
            String now) throws SQLException {
        Sql.update(c, UPSERT_CONTAINER, batchId, batchStartedAt, action, now);
    }
}
