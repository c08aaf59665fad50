package io.tandem.schema.rows;

import io.tandem.schema.seq.Parity;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@code messages_in} row. Construction rejects an odd seq: a row read back with the wrong
 * parity means a file was written by the wrong side, and must not be processed as if it were fine.
 */
public record InboundMessage(
        String id,
        long seq,
        MessageKind kind,
        String timestamp,
        MessageStatus status,
        String processAfter,
        String recurrence,
        String seriesId,
        int tries,
        boolean trigger,
        boolean onWake,
        String platformId,
        String channelType,
        String threadId,
        String platformMessageId,
        String sourceSessionId,
        String content) {

    public static final String COLUMNS = "id, seq, kind, timestamp, status, process_after, recurrence, series_id, "
            + "tries, trigger, on_wake, platform_id, channel_type, thread_id, platform_message_id, "
            + "source_session_id, content";

    public InboundMessage {
        if (!Parity.EVEN.matches(seq)) {
            throw new IllegalStateException("messages_in row " + id + " has seq " + seq + "; inbound seq must be even");
        }
    }

    public static InboundMessage map(ResultSet rs) throws SQLException {
        return new InboundMessage(rs.getString("id"), rs.getLong("seq"), MessageKind.fromWire(rs.getString("kind")),
                rs.getString("timestamp"), MessageStatus.fromWire(rs.getString("status")),
                rs.getString("process_after"), rs.getString("recurrence"), rs.getString("series_id"),
                rs.getInt("tries"), rs.getInt("trigger") != 0, rs.getInt("on_wake") != 0,
                rs.getString("platform_id"), rs.getString("channel_type"), rs.getString("thread_id"),
                rs.getString("platform_message_id"), rs.getString("source_session_id"), rs.getString("content"));
    }
}
