package io.tandem.host.central;

import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.central.Rows.Destination;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The central queries the message path needs. Stateless: every method takes the connection it is
 * handed on the central lane ({@link CentralDb}); callers choose the transaction boundaries.
 */
public final class CentralStore {
    private final Clock clock;

    public CentralStore(Clock clock) {
        this.clock = clock;
    }

    private String now() {
        return Timestamps.now(clock);
    }

    // ---- agent groups and container configs

    public Optional<AgentGroup> agentGroup(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT id, name, folder FROM agent_groups WHERE id = ?",
                rs -> new AgentGroup(rs.getString(1), rs.getString(2), rs.getString(3)), id);
    }

    public long agentGroupCount(Connection c) throws SQLException {
        return Sql.longValue(c, "SELECT count(*) FROM agent_groups");
    }

    public void insertAgentGroup(Connection c, String id, String name, String folder) throws SQLException {
        Ids.requireSafe("agent_group_id", id);
        Ids.requireSafe("folder", folder);
        Sql.update(c, "INSERT INTO agent_groups(id, name, folder, created_at) VALUES (?, ?, ?, ?)", id, name, folder,
                now());
    }

    public void upsertContainerConfig(Connection c, String agentGroupId, String agentJson) throws SQLException {
        Sql.update(c, "INSERT INTO container_configs(agent_group_id, runtime, agent, updated_at) VALUES (?, 'process', ?, ?) "
                + "ON CONFLICT(agent_group_id) DO UPDATE SET agent = excluded.agent, updated_at = excluded.updated_at",
                agentGroupId, agentJson, now());
    }

    public Optional<ContainerConfig> containerConfig(Connection c, String agentGroupId) throws SQLException {
        return Sql.one(c, "SELECT agent_group_id, runtime, agent, timezone, max_messages_per_batch "
                        + "FROM container_configs WHERE agent_group_id = ?",
                rs -> new ContainerConfig(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5) == null ? null : rs.getInt(5)), agentGroupId);
    }

    public List<Destination> destinations(Connection c, String agentGroupId) throws SQLException {
        return Sql.list(c, "SELECT d.local_name, d.target_type, d.target_id, "
                        + "coalesce(mg.name, ag.name, d.target_id), mg.channel_type, mg.platform_id "
                        + "FROM agent_destinations d "
                        + "LEFT JOIN messaging_groups mg ON d.target_type = 'channel' AND mg.id = d.target_id "
                        + "LEFT JOIN agent_groups ag ON d.target_type = 'agent' AND ag.id = d.target_id "
                        + "WHERE d.agent_group_id = ? ORDER BY d.local_name",
                rs -> new Destination(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), agentGroupId);
    }

    // ---- messaging groups and wiring

    public Optional<MessagingGroup> messagingGroup(Connection c, String channelType, String platformId)
            throws SQLException {
        return Sql.one(c, "SELECT id, channel_type, platform_id, name, is_group, unknown_sender_policy, denied_at "
                + "FROM messaging_groups WHERE channel_type = ? AND platform_id = ?", CentralStore::messagingGroup,
                channelType, platformId);
    }

    private static MessagingGroup messagingGroup(ResultSet rs) throws SQLException {
        return new MessagingGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getInt(5) != 0, rs.getString(6), rs.getString(7));
    }

    public String insertMessagingGroup(Connection c, String channelType, String platformId, String name,
                                       boolean isGroup, String policy) throws SQLException {
        String id = Ids.mint(Ids.MESSAGING_GROUP);
        Sql.update(c, "INSERT INTO messaging_groups(id, channel_type, platform_id, name, is_group, "
                        + "unknown_sender_policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id, channelType,
                platformId, name, isGroup, policy, now());
        return id;
    }

    public List<Wiring> wirings(Connection c, String messagingGroupId) throws SQLException {
        return Sql.list(c, "SELECT id, messaging_group_id, agent_group_id, engage_mode, engage_pattern, sender_scope, "
                        + "ignored_message_policy, session_mode, priority FROM messaging_group_agents "
                        + "WHERE messaging_group_id = ? ORDER BY priority DESC, created_at, id",
                rs -> new Wiring(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)), messagingGroupId);
    }

    public void insertWiring(Connection c, String messagingGroupId, String agentGroupId, String engageMode,
                             String engagePattern, String sessionMode) throws SQLException {
        Sql.update(c, "INSERT INTO messaging_group_agents(id, messaging_group_id, agent_group_id, engage_mode, "
                        + "engage_pattern, session_mode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Ids.mint(Ids.WIRING), messagingGroupId, agentGroupId, engageMode, engagePattern, sessionMode, now());
    }

    // ---- users and access

    public void upsertUser(Connection c, String userId, String kind, String displayName) throws SQLException {
        Sql.update(c, "INSERT INTO users(id, kind, display_name, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name "
                        + "WHERE excluded.display_name IS NOT NULL AND excluded.display_name IS NOT display_name",
                userId, kind, displayName, now());
    }

    /** Owner (global), admin (global or of the group) or member of the group. */
    public boolean isKnownTo(Connection c, String userId, String agentGroupId) throws SQLException {
        return Sql.longValue(c, "SELECT EXISTS(SELECT 1 FROM user_roles WHERE user_id = ? AND "
                        + "(agent_group_id IS NULL OR agent_group_id = ?)) "
                        + "OR EXISTS(SELECT 1 FROM agent_group_members WHERE user_id = ? AND agent_group_id = ?)",
                userId, agentGroupId, userId, agentGroupId) != 0;
    }

    /** Upserts the drop audit row for a sender, counting repeats. */
    public void auditDrop(Connection c, String channelType, String platformId, String userId, String senderName,
                          String reason, String messagingGroupId, String agentGroupId) throws SQLException {
        String now = now();
        Sql.update(c, "INSERT INTO unregistered_senders(channel_type, platform_id, user_id, sender_name, reason, "
                        + "messaging_group_id, agent_group_id, message_count, first_seen, last_seen) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT(channel_type, platform_id) DO UPDATE SET "
                        + "user_id = excluded.user_id, sender_name = excluded.sender_name, reason = excluded.reason, "
                        + "messaging_group_id = excluded.messaging_group_id, agent_group_id = excluded.agent_group_id, "
                        + "message_count = message_count + 1, last_seen = excluded.last_seen",
                channelType, platformId, userId, senderName, reason, messagingGroupId, agentGroupId, now, now);
    }

    // ---- sessions

    private static final String SESSION_COLUMNS =
            "id, agent_group_id, messaging_group_id, thread_id, status, container_status";

    private static SessionRow session(ResultSet rs) throws SQLException {
        return new SessionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6));
    }

    public Optional<SessionRow> activeSession(Connection c, String agentGroupId, String messagingGroupId,
                                              String threadId) throws SQLException {
        return Sql.one(c, "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE status = 'active' AND agent_group_id = ? "
                        + "AND ifnull(messaging_group_id, '') = ifnull(?, '') AND ifnull(thread_id, '') = ifnull(?, '')",
                CentralStore::session, agentGroupId, messagingGroupId, threadId);
    }

    /** Finds the active session for the key or creates it; returns it and whether it is new. */
    public SessionRow findOrCreateSession(Connection c, String agentGroupId, String messagingGroupId, String threadId)
            throws SQLException {
        Optional<SessionRow> found = activeSession(c, agentGroupId, messagingGroupId, threadId);
        if (found.isPresent()) {
            return found.get();
        }
        String id = Ids.mint(Ids.SESSION);
        String now = now();
        Sql.update(c, "INSERT INTO sessions(id, agent_group_id, messaging_group_id, thread_id, last_active, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", id, agentGroupId, messagingGroupId, threadId, now, now);
        return new SessionRow(id, agentGroupId, messagingGroupId, threadId, "active", "stopped");
    }

    public Optional<SessionRow> session(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE id = ?", CentralStore::session, id);
    }

    public List<SessionRow> activeSessions(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE status = 'active' ORDER BY id",
                CentralStore::session);
    }

    public void touchSession(Connection c, String sessionId) throws SQLException {
        Sql.update(c, "UPDATE sessions SET last_active = ? WHERE id = ?", now(), sessionId);
    }

    public void setContainerStatus(Connection c, String sessionId, String status) throws SQLException {
        Sql.update(c, "UPDATE sessions SET container_status = ? WHERE id = ?", status, sessionId);
    }

    /** At host start no runner of ours exists: every session's container is stopped. */
    public int resetContainerStatuses(Connection c) throws SQLException {
        return Sql.update(c, "UPDATE sessions SET container_status = 'stopped' WHERE container_status <> 'stopped'");
    }

    // ---- adapter key/value state

    public Optional<String> kvGet(Connection c, String key) throws SQLException {
        return Sql.one(c, "SELECT value FROM chat_sdk_kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
                rs -> rs.getString(1), key, now());
    }

    public void kvPut(Connection c, String key, String value, String expiresAt) throws SQLException {
        Sql.update(c, "INSERT INTO chat_sdk_kv(key, value, expires_at) VALUES (?, ?, ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                key, value, expiresAt);
    }
}
