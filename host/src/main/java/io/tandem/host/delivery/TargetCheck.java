package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.OutboundMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Invariant 9: the host re-checks every outbound target against the session's own data. A row
 * with no target goes to the chat of the message it replies to, else to the session's routing; an
 * explicit target must be one of the session's own chats or one of its projected destinations,
 * and an explicit thread must be one the session saw in that chat (its routing thread, or the
 * thread of one of its chat messages): a container can therefore never make the host post into a
 * chat, or a thread of a chat, it was not given. A row addressed to the session's own agent group
 * ({@code agent}/its group id, DESIGN 5.8) is allowed too: an agent may always write to itself. Every
 * lookup goes through an index ({@code messages_in_chat}), never a scan of {@code messages_in}.
 */
public final class TargetCheck {
    /** The {@code channel_type} of rows addressed to an agent group (DESIGN 5.8). */
    static final String AGENT = "agent";
    static final String OWN_CHAT = "SELECT EXISTS(SELECT 1 FROM session_routing WHERE channel_type = ? "
            + "AND platform_id = ?) OR EXISTS(SELECT 1 FROM messages_in WHERE channel_type = ? AND platform_id = ? "
            + "AND kind = 'chat') OR EXISTS(SELECT 1 FROM destinations WHERE channel_type = ? AND platform_id = ?)";
    static final String OWN_THREAD = "SELECT EXISTS(SELECT 1 FROM session_routing WHERE channel_type = ? "
            + "AND platform_id = ? AND thread_id = ?) OR EXISTS(SELECT 1 FROM messages_in WHERE channel_type = ? "
            + "AND platform_id = ? AND thread_id = ? AND kind = 'chat')";

    /**
     * Where a row goes, or why it may not go anywhere. {@code replyTo} is the platform message id of
     * the row's {@code in_reply_to} when that message came from the same chat (channels that can
     * quote it do), else null.
     */
    public record Target(String channelType, String platformId, String threadId, String refusal, String replyTo) {
        public Target(String channelType, String platformId, String threadId, String refusal) {
            this(channelType, platformId, threadId, refusal, null);
        }

        Target withReplyTo(String platformMessageId) {
            return new Target(channelType, platformId, threadId, refusal, platformMessageId);
        }

        public boolean allowed() {
            return refusal == null;
        }

        public ChatTarget chat() {
            return new ChatTarget(channelType, platformId, threadId);
        }

        static Target refused(String why) {
            return new Target(null, null, null, why);
        }
    }

    /** As below for a session whose agent group is not known here (no own-group target). */
    public Target resolve(Connection inbound, OutboundMessage row) throws SQLException {
        return resolve(inbound, row, null);
    }

    /** Where {@code row} of a session of agent group {@code ownGroup} goes. */
    public Target resolve(Connection inbound, OutboundMessage row, String ownGroup) throws SQLException {
        Target t = target(inbound, row, ownGroup);
        if (!t.allowed() || row.inReplyTo() == null) {
            return t;
        }
        Optional<String> quoted = Sql.one(inbound, "SELECT platform_message_id FROM messages_in WHERE id = ? "
                + "AND channel_type = ? AND platform_id = ? AND platform_message_id IS NOT NULL",
                rs -> rs.getString(1), row.inReplyTo(), t.channelType(), t.platformId());
        return quoted.map(t::withReplyTo).orElse(t);
    }

    private Target target(Connection inbound, OutboundMessage row, String ownGroup) throws SQLException {
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
        String ct = row.channelType();
        String pid = row.platformId();
        boolean self = AGENT.equals(ct) && pid.equals(ownGroup);
        boolean own = self || Sql.longValue(inbound, OWN_CHAT, ct, pid, ct, pid, ct, pid) != 0;
        if (!own) {
            return Target.refused("target " + ct + "/" + pid
                    + " is neither one of this session's chats nor one of its destinations");
        }
        String thread = row.threadId();
        if (thread != null && Sql.longValue(inbound, OWN_THREAD, ct, pid, thread, ct, pid, thread) == 0) {
            return Target.refused("thread " + thread + " of target " + ct + "/" + pid
                    + " is not one this session has seen");
        }
        return new Target(ct, pid, thread, null);
    }

    private static Target target(java.sql.ResultSet rs) throws SQLException {
        return new Target(rs.getString(1), rs.getString(2), rs.getString(3), null);
    }
}
