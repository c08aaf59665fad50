package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.AdapterStateStore;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The http channel's per-chat event log in {@code chat_sdk_lists} (key {@code http:<chat_id>}).
 * Appends run in one central transaction that also advances a non-expiring counter
 * ({@code http:last:<chat_id>}, so cursors never restart after a purge) and records
 * {@code http:sent:<message_out_id>}, so a repeated delivery returns the same cursor and appends
 * nothing. The cursor is the platform message id on this channel.
 */
public final class EventLog {
    private final AdapterStateStore store;

    public EventLog(AdapterStateStore store) {
        this.store = store;
    }

    /** What an append did: the event's cursor, and its stored JSON when this call appended it. */
    public record Appended(long cursor, String json) {
        /** False when the delivery was appended before and this call wrote nothing. */
        public boolean fresh() {
            return json != null;
        }
    }

    /** Appends {@code event} (cursor filled in here) unless this delivery was appended before. */
    public long append(Connection tx, String chatId, String messageOutId, ObjectNode event, String expiresAt)
            throws SQLException {
        return appendEvent(tx, chatId, messageOutId, event, expiresAt).cursor();
    }

    /**
     * As {@link #append}, also returning the stored JSON (null for a repeat), so waiting readers
     * can be answered from it without reading the log again.
     */
    public Appended appendEvent(Connection tx, String chatId, String messageOutId, ObjectNode event,
                                String expiresAt) throws SQLException {
        Optional<String> previous = store.kvGet(tx, "http:sent:" + messageOutId);
        if (previous.isPresent()) {
            return new Appended(Long.parseLong(previous.get()), null);
        }
        long idx = store.kvGet(tx, "http:last:" + chatId).map(Long::parseLong).orElse(0L) + 1;
        event.put("cursor", idx);
        event.put("platform_message_id", Long.toString(idx));
        String json = Json.write(event);
        Sql.update(tx, "INSERT INTO chat_sdk_lists(key, idx, value, expires_at) VALUES (?, ?, ?, ?)", "http:" + chatId,
                idx, json, expiresAt);
        store.kvPut(tx, "http:last:" + chatId, Long.toString(idx), null);
        store.kvPut(tx, "http:sent:" + messageOutId, Long.toString(idx), expiresAt);
        return new Appended(idx, json);
    }

    /**
     * The event a delivery appended to {@code chatId}'s log ({@code http:sent:<message_out_id>}),
     * unless it has expired or belongs to another chat.
     */
    public Optional<String> eventOf(Connection c, String chatId, String messageOutId, String now) throws SQLException {
        Optional<String> idx = store.kvGet(c, "http:sent:" + messageOutId);
        if (idx.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT value FROM chat_sdk_lists WHERE key = ? AND idx = ? "
                + "AND (expires_at IS NULL OR expires_at > ?)", rs -> rs.getString(1), "http:" + chatId,
                Long.parseLong(idx.get()), now);
    }

    /** Events with cursor above {@code after}, ascending, at most {@code limit}, not expired. */
    public List<String> after(Connection c, String chatId, long after, int limit, String now) throws SQLException {
        return Sql.list(c, "SELECT value FROM chat_sdk_lists WHERE key = ? AND idx > ? "
                        + "AND (expires_at IS NULL OR expires_at > ?) ORDER BY idx LIMIT ?", rs -> rs.getString(1),
                "http:" + chatId, after, now, limit);
    }
}
