package io.tandem.host.session;

import io.tandem.schema.db.Sql;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.SessionPaths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Writes {@code messages_in} rows with even seq. The other file's max seq is read (short, closed)
 * before the write transaction; the INSERT mints the seq. A platform re-delivering a message hits
 * the unique (channel_type, platform_id, platform_message_id) index and gets the existing row back.
 */
public final class InboundWriter {
    private static final SeqMinter MINTER = SeqMinter.inbound();
    private static final String INSERT = "INSERT INTO messages_in(id, seq, kind, timestamp, status, process_after, "
            + "series_id, tries, trigger, on_wake, platform_id, channel_type, thread_id, platform_message_id, "
            + "source_session_id, content) VALUES (?, " + MINTER.nextSeqSql()
            + ", ?, ?, 'pending', ?, ?, 0, ?, 0, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** Reads the outbound max seq; must be called before any transaction on {@code c} begins. */
    public long otherMax(SessionPaths paths) throws SQLException {
        return MINTER.otherMax(paths.outboundDb());
    }

    /**
     * The same read over the session's cached read-only {@code outbound.db} connection, so an insert
     * does not open (and parse the schema of) a fresh connection each time. The statement runs in
     * autocommit: finished before the caller's write transaction begins, as invariant 2 requires.
     * Missing, empty or recovering file: 0, as with {@link #otherMax(SessionPaths)}.
     */
    public long otherMax(OutboundReads reads, SessionPaths paths) throws SQLException {
        return reads.read(paths, c -> Sql.longValue(c, MINTER.otherMaxSql())).orElse(0L);
    }

    /** Inserts inside the caller's transaction, with {@code otherMax} read beforehand. */
    public InsertOutcome insert(Connection tx, NewInbound m, long otherMax) throws SQLException {
        int n = Sql.update(tx, INSERT, m.id(), otherMax, m.kind().wire(), m.timestamp(), m.processAfter(), m.id(),
                m.trigger(), m.platformId(), m.channelType(), m.threadId(), m.platformMessageId(),
                m.sourceSessionId(), m.content());
        if (n == 1) {
            return new InsertOutcome(m.id(), MINTER.seqOf(tx, m.id()), false);
        }
        Optional<InsertOutcome> existing = Optional.empty();
        if (m.platformMessageId() != null) {
            existing = Sql.one(tx, "SELECT id, seq FROM messages_in WHERE channel_type IS ? AND platform_id IS ? "
                            + "AND platform_message_id = ?", rs -> new InsertOutcome(rs.getString(1), rs.getLong(2), true),
                    m.channelType(), m.platformId(), m.platformMessageId());
        }
        if (existing.isEmpty()) {
            existing = Sql.one(tx, "SELECT id, seq FROM messages_in WHERE id = ?",
                    rs -> new InsertOutcome(rs.getString(1), rs.getLong(2), true), m.id());
        }
        return existing.orElseThrow(() -> new SQLException("messages_in insert of " + m.id() + " was ignored"));
    }

    /** One message in its own transaction: the common path for a chat message. */
    public InsertOutcome insertOne(Connection c, SessionPaths paths, NewInbound m) throws SQLException {
        long otherMax = otherMax(paths);
        return Sql.tx(c, tx -> insert(tx, m, otherMax));
    }
}
