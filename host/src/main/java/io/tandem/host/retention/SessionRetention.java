package io.tandem.host.retention;

import io.tandem.host.session.InboundDb;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.session.SessionPaths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Retention of one session's inbound.db (the host is its only writer; the runner does outbound.db).
 * Deletes, in chunks of one short transaction each:
 * <ul>
 *   <li>{@code completed} inbound rows older than the cutoff that carry no {@code recurrence} (a
 *       recurring row keeps its recurrence until its next occurrence exists), never the row with
 *       the highest seq, so seq minting never goes back;</li>
 *   <li>{@code delivered} and {@code delivery_attempts} rows older than the cutoff whose outbound
 *       row the runner has already deleted (one that still exists must stay settled, or delivery
 *       would send it again).</li>
 * </ul>
 * Pending, failed, paused and cancelled rows are never touched. Then the freed pages are given
 * back with {@code PRAGMA incremental_vacuum}. Runs on the session's lane, like every write of it.
 */
public final class SessionRetention {
    static final int CHUNK = 500;
    /** Chunks per session and pass: the lane is never held for long; the next pass goes on. */
    static final int MAX_CHUNKS = 20;

    private final InboundDb inbound;

    public SessionRetention(InboundDb inbound) {
        this.inbound = inbound;
    }

    /** What one session's pass deleted. */
    public record Deleted(int messages, int delivered) {
        public int total() {
            return messages + delivered;
        }
    }

    public Deleted run(SessionPaths paths, String cutoff) throws SQLException {
        int messages = 0;
        for (int i = 0; i < MAX_CHUNKS; i++) {
            int n = inbound.with(paths, c -> Sql.tx(c, tx -> Sql.update(tx, "DELETE FROM messages_in WHERE rowid IN "
                    + "(SELECT rowid FROM messages_in WHERE status = 'completed' AND recurrence IS NULL "
                    + "AND timestamp < ? AND seq < (SELECT max(seq) FROM messages_in) LIMIT ?)", cutoff, CHUNK)));
            messages += n;
            if (n < CHUNK) {
                break;
            }
        }
        int delivered = 0;
        String after = "";
        for (int i = 0; i < MAX_CHUNKS; i++) {
            String from = after;
            List<String> old = inbound.with(paths, c -> Sql.list(c, "SELECT message_out_id FROM delivered "
                    + "WHERE delivered_at < ? AND message_out_id > ? ORDER BY message_out_id LIMIT ?",
                    rs -> rs.getString(1), cutoff, from, CHUNK));
            if (old.isEmpty()) {
                break;
            }
            after = old.get(old.size() - 1);
            Set<String> gone = goneFromOutbound(paths, old);
            if (!gone.isEmpty()) {
                delivered += inbound.with(paths, c -> Sql.tx(c, tx -> delete(tx, gone)));
            }
            if (old.size() < CHUNK) {
                break;
            }
        }
        if (messages + delivered > 0) {
            inbound.with(paths, c -> {
                Sql.exec(c, "PRAGMA incremental_vacuum");
                return null;
            });
        }
        return new Deleted(messages, delivered);
    }

    /** The ids of {@code ids} outbound.db no longer has; none when it cannot be read now. */
    private Set<String> goneFromOutbound(SessionPaths paths, List<String> ids) throws SQLException {
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        ReadResult<List<String>> present = inbound.outbound().read(paths, c -> Sql.list(c,
                "SELECT id FROM messages_out WHERE id IN (" + marks + ")", rs -> rs.getString(1), ids.toArray()));
        if (present.status() != ReadResult.Status.OK) {
            return Set.of();
        }
        Set<String> gone = new HashSet<>(ids);
        present.value().forEach(gone::remove);
        return gone;
    }

    private static int delete(Connection tx, Set<String> ids) throws SQLException {
        int n = 0;
        for (String id : ids) {
            n += Sql.update(tx, "DELETE FROM delivered WHERE message_out_id = ?", id);
            Sql.update(tx, "DELETE FROM delivery_attempts WHERE message_out_id = ?", id);
        }
        return n;
    }
}
