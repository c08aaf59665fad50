package io.tandem.host.session;

import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.session.SessionPaths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads pending rows from the host's own inbound connection and the acks for exactly those rows
 * from an open outbound connection, and applies ack-driven status changes and recovery decisions
 * inside the caller's transaction (conditional updates: a row that moved on is left alone).
 */
public final class SessionStateReader {
    private static final int CHUNK = 500;

    /** Pending rows and their acks; a hot outbound journal is reported, not thrown. */
    public SessionState read(Connection inbound, SessionPaths paths) throws SQLException {
        List<SessionState.PendingRow> pending = pending(inbound);
        if (pending.isEmpty()) {
            return new SessionState(pending, Map.of(), false);
        }
        ReadResult<Map<String, ProcessingAck>> acks = ReadOnlyReads.read(paths.outboundDb(), c -> acks(c, pending));
        return new SessionState(pending, acks.orElse(Map.of()),
                acks.status() == ReadResult.Status.OWNER_RECOVERING);
    }

    /** The host's pending rows, oldest first. */
    public List<SessionState.PendingRow> pending(Connection inbound) throws SQLException {
        return Sql.list(inbound,
                "SELECT id, seq, tries, trigger, process_after FROM messages_in WHERE status = 'pending' ORDER BY seq",
                rs -> new SessionState.PendingRow(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4) != 0,
                        rs.getString(5)));
    }

    /** The container's acks for exactly {@code pending}, read on an open outbound connection. */
    public Map<String, ProcessingAck> acks(Connection outbound, List<SessionState.PendingRow> pending)
            throws SQLException {
        return acksFor(outbound, pending.stream().map(SessionState.PendingRow::id).toList());
    }

    /**
     * The container's acks for exactly {@code messageIds} (in chunks, so any number of pending rows
     * stays under SQLite's parameter limit), read on an open outbound connection.
     */
    public static Map<String, ProcessingAck> acksFor(Connection outbound, List<String> messageIds)
            throws SQLException {
        Map<String, ProcessingAck> out = new HashMap<>();
        for (int i = 0; i < messageIds.size(); i += CHUNK) {
            List<String> part = messageIds.subList(i, Math.min(messageIds.size(), i + CHUNK));
            String marks = part.stream().map(r -> "?").collect(Collectors.joining(","));
            for (ProcessingAck a : Sql.list(outbound, "SELECT message_id, attempt, status, status_changed, error "
                    + "FROM processing_ack WHERE message_id IN (" + marks + ")", ProcessingAck::map, part.toArray())) {
                out.put(a.messageId(), a);
            }
        }
        return out;
    }

    /** Applies ack-driven status changes inside the caller's transaction. */
    public int applyStatusChanges(Connection tx, List<SessionState.StatusChange> changes) throws SQLException {
        int n = 0;
        for (SessionState.StatusChange ch : changes) {
            n += Sql.update(tx, "UPDATE messages_in SET status = ? WHERE id = ? AND tries = ? AND status = 'pending'",
                    ch.status(), ch.id(), ch.tries());
        }
        return n;
    }

    /** Applies recovery decisions inside the caller's transaction. */
    public int applyRecovery(Connection tx, List<RecoveryPolicy.Decision> decisions) throws SQLException {
        int n = 0;
        for (RecoveryPolicy.Decision d : decisions) {
            n += Sql.update(tx, "UPDATE messages_in SET status = ?, tries = ?, process_after = coalesce(?, process_after) "
                    + "WHERE id = ? AND tries = ? AND status = 'pending'", d.status().wire(), d.tries(), d.processAfter(),
                    d.id(), d.expectedTries());
        }
        return n;
    }
}
