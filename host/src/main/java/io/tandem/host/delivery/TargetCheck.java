package io.tandem.host.delivery;

import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.OutboundMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Invariant 9: the host re-checks every outbound target against the session's own data. A row
 * with no target goes to the chat of the message it replies to, else to the session's routing; an
 * explicit target must be one of the session's own chats or one of its projected destinations.
 * A container can therefore never make the host post into a chat it was not given.
 */
public final class TargetCheck {

    /** Where a row goes, or why it may not go anywhere. */
    public record Target(String channelType, String platformId, String threadId, String refusal) {
        public boolean allowed() {
            return refusal == null;
        }

        static Target refused(String why) {
            return new Target(null, null, null, why);
        }
    }

    public Target resolve(Connection inbound, OutboundMessage row) throws SQLException {
        if (row.channelType() == null || row.platformId() == null) {
            Optional<Target> t = Optional.empty();
            if (row.inReplyTo() != null) {
                t = Sql.one(inbound, "SELECT channel_type, platform_id, thread_id FROM messages_in WHERE id = ? "
                        + "AND channel_type IS NOT NULL AND platform_id IS NOT NULL", TargetCheck::target, row.inReplyTo());
            }
            if (t.isEmpty()) {
                t = Sql.one(inbound, "SELECT channel_type, platform_id, thread_id FROM session_routing WHERE id = 1 "
                        + "AND channel_type IS NOT NULL", TargetCheck::target);
            }
            return t.orElse(Target.refused("no target: the row names none and the session has no chat"));
        }
        boolean own = Sql.longValue(inbound, "SELECT EXISTS(SELECT 1 FROM session_routing WHERE channel_type = ? "
                        + "AND platform_id = ?) OR EXISTS(SELECT 1 FROM messages_in WHERE kind = 'chat' "
                        + "AND channel_type = ? AND platform_id = ?) OR EXISTS(SELECT 1 FROM destinations WHERE "
                        + "channel_type = ? AND platform_id = ?)",
                row.channelType(), row.platformId(), row.channelType(), row.platformId(), row.channelType(),
                row.platformId()) != 0;
        if (!own) {
            return Target.refused("target " + row.channelType() + "/" + row.platformId()
                    + " is neither one of this session's chats nor one of its destinations");
        }
        return new Target(row.channelType(), row.platformId(), row.threadId(), null);
    }

    private static Target target(java.sql.ResultSet rs) throws SQLException {
        return new Target(rs.getString(1), rs.getString(2), rs.getString(3), null);
    }
}
