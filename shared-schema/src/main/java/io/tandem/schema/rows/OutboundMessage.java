package io.tandem.schema.rows;

import io.tandem.schema.seq.Parity;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A {@code messages_out} row. Construction rejects an even seq (see {@link InboundMessage}). */
public record OutboundMessage(
        String id,
        long seq,
        String inReplyTo,
        String timestamp,
        String deliverAfter,
        OutboundKind kind,
        String platformId,
        String channelType,
        String threadId,
        String content) {

    public static final String COLUMNS =
            "id, seq, in_reply_to, timestamp, deliver_after, kind, platform_id, channel_type, thread_id, content";

    public OutboundMessage {
        if (!Parity.ODD.matches(seq)) {
            throw new IllegalStateException("messages_out row " + id + " has seq " + seq + "; outbound seq must be odd");
        }
    }

    public static OutboundMessage map(ResultSet rs) throws SQLException {
        return new OutboundMessage(rs.getString("id"), rs.getLong("seq"), rs.getString("in_reply_to"),
                rs.getString("timestamp"), rs.getString("deliver_after"),
                OutboundKind.fromWire(rs.getString("kind")), rs.getString("platform_id"),
                rs.getString("channel_type"), rs.getString("thread_id"), rs.getString("content"));
    }
}
