package io.tandem.host.central.sqlite;

import io.tandem.host.central.AuditStore;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import io.tandem.host.central.Rows.Drop;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/** {@link AuditStore} on SQLite. */
public final class SqliteAuditStore implements AuditStore {
    private final Clock clock;

    public SqliteAuditStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void auditDrop(Connection c, String channelType, String platformId, String userId, String senderName,
                          String reason, String messagingGroupId, String agentGroupId) throws SQLException {
        String now = Timestamps.now(clock);
        Sql.update(c, "INSERT INTO unregistered_senders(channel_type, platform_id, user_id, sender_name, reason, "
                        + "messaging_group_id, agent_group_id, message_count, first_seen, last_seen) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT(channel_type, platform_id) DO UPDATE SET "
                        + "user_id = excluded.user_id, sender_name = excluded.sender_name, reason = excluded.reason, "
                        + "messaging_group_id = excluded.messaging_group_id, agent_group_id = excluded.agent_group_id, "
                        + "message_count = message_count + 1, last_seen = excluded.last_seen",
                channelType, platformId, userId, senderName, reason, messagingGroupId, agentGroupId, now, now);
    }

    @Override
    public java.util.List<Drop> drops(Connection c, int limit) throws SQLException {
        return Sql.list(c, "SELECT channel_type, platform_id, user_id, sender_name, reason, messaging_group_id, "
                        + "agent_group_id, message_count, first_seen, last_seen FROM unregistered_senders "
                        + "ORDER BY last_seen DESC, channel_type, platform_id LIMIT ?",
                rs -> new Drop(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10)), limit);
    }
}
