package io.tandem.schema.rows;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@code processing_ack} row: the container's report on one inbound message. {@code attempt} is
 * the {@code messages_in.tries} the runner saw; an ack below the row's current tries is
 * superseded and ignored by both sides.
 */
public record ProcessingAck(String messageId, int attempt, AckStatus status, String statusChanged, String error) {

    public static ProcessingAck map(ResultSet rs) throws SQLException {
        return new ProcessingAck(rs.getString("message_id"), rs.getInt("attempt"),
                AckStatus.fromWire(rs.getString("status")), rs.getString("status_changed"), rs.getString("error"));
    }

    /** True when this ack speaks about the attempt {@code tries} (not a superseded one). */
    public boolean isCurrentFor(int tries) {
        return attempt == tries;
    }
}
