package io.tandem.runner.store;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.rows.ProcessingAck;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runner's one read-write connection to {@code out/outbound.db}, open for the runner's life.
 * The runner is the only writer of this file (invariant 1), so reads here need no care; every
 * write goes through {@link #tx} ({@code BEGIN IMMEDIATE ... COMMIT}), and callers batch as much
 * as they can into one transaction because each commit costs several fsyncs.
 *
 * <p>Used by the main thread only.
 */
public final class OutboundStore implements AutoCloseable {
    private static final int IN_CHUNK = 400;

    private final Connection conn;

    private OutboundStore(Connection conn) {
        this.conn = conn;
    }

    public static OutboundStore open(Path outboundDb, Durability durability) throws SQLException, IOException {
        return new OutboundStore(OutboundDbFile.openOrCreate(outboundDb, durability));
    }

    public <T> T tx(Sql.TxWork<T> work) throws SQLException {
        return Sql.tx(conn, work);
    }

    /** Every ack, for the start-up cleanup of superseded ones. */
    public List<ProcessingAck> acks() throws SQLException {
        return Sql.list(conn, "SELECT message_id, attempt, status, status_changed, error FROM processing_ack",
                ProcessingAck::map);
    }

    /** {@code message_id → attempt} of the acks that exist for {@code ids}. */
    public Map<String, Integer> ackAttempts(Collection<String> ids) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            Sql.list(conn, "SELECT message_id, attempt FROM processing_ack WHERE message_id IN (" + marks + ")",
                    rs -> out.put(rs.getString(1), rs.getInt(2)), chunk.toArray());
        }
        return out;
    }

    /** The {@code processing} acks in the file: {@code message_id → attempt}. */
    public Map<String, Integer> processingAcks() throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        Sql.list(conn, "SELECT message_id, attempt FROM processing_ack WHERE status = 'processing'",
                rs -> out.put(rs.getString(1), rs.getInt(2)));
        return out;
    }

    /** One page of acks ordered by message id, those after {@code afterId} ("" for the first page). */
    public List<ProcessingAck> ackPage(String afterId, int limit) throws SQLException {
        return Sql.list(conn, "SELECT message_id, attempt, status, status_changed, error FROM processing_ack"
                + " WHERE message_id > ? ORDER BY message_id LIMIT ?", ProcessingAck::map, afterId, limit);
    }

    /**
     * The first {@code maxEntries} replies to {@code messageId} (by {@code in_reply_to}, seq
     * order), each text cut to {@code maxChars}: only the cut text leaves SQLite, so a retried
     * message with large replies costs no large read.
     */
    public List<EarlierReply> earlierReplies(String messageId, int maxEntries, int maxChars) throws SQLException {
        return Sql.list(conn, "SELECT seq, substr(t, 1, ?), coalesce(length(t), 0) > ? FROM (SELECT seq,"
                + " CASE WHEN json_valid(content) THEN json_extract(content, '$.text') END AS t FROM messages_out"
                + " WHERE in_reply_to = ? ORDER BY seq LIMIT ?)",
                rs -> new EarlierReply(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0),
                maxChars, maxChars, messageId, maxEntries);
    }

    /** How many rows reply to {@code messageId}. */
    public long replyCount(String messageId) throws SQLException {
        return Sql.longValue(conn, "SELECT count(*) FROM messages_out WHERE in_reply_to = ?", messageId);
    }

    /** The {@code messages_out} row with {@code seq}, if this session wrote one. */
    public Optional<OutboundMessage> messageAt(long seq) throws SQLException {
        return Sql.one(conn, "SELECT " + OutboundMessage.COLUMNS + " FROM messages_out WHERE seq = ?",
                OutboundMessage::map, seq);
    }

    /** Gives the pages freed by deletions back to the file system (outside any transaction). */
    public void vacuumIncrementally() throws SQLException {
        Sql.exec(conn, "PRAGMA incremental_vacuum");
    }

    /** The agent's saved state, sent in {@code hello}. */
    public Map<String, String> sessionState() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        Sql.list(conn, "SELECT key, value FROM session_state ORDER BY key",
                rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    @Override
    public void close() {
        SqliteOpener.closeQuietly(conn);
    }
}
