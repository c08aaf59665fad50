package io.tandem.host.central.sqlite;

import io.tandem.host.central.AuditStore;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
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
}
