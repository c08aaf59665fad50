package io.tandem.host.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@code messages_out} row exactly as stored: every column read as text (seq as whatever SQLite
 * holds), so reading a page of rows never throws because one row is malformed. Mapping, which can
 * fail, happens per row afterwards ({@link OutboundRowMapper}).
 */
record RawOutbound(String id, Object seq, String inReplyTo, String timestamp, String deliverAfter, String kind,
                   String platformId, String channelType, String threadId, String content) {

    static final String COLUMNS =
            "id, seq, in_reply_to, timestamp, deliver_after, kind, platform_id, channel_type, thread_id, content";

    static RawOutbound read(ResultSet rs) throws SQLException {
        return new RawOutbound(rs.getString(1), rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }
}
