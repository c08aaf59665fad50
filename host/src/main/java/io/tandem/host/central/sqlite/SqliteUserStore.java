package io.tandem.host.central.sqlite;

import io.tandem.host.central.UserStore;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.Role;
import io.tandem.schema.time.Timestamps;
import io.tandem.host.central.Rows.RoleGrant;
import io.tandem.host.central.Rows.User;
import java.util.List;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** {@link UserStore} on SQLite. */
public final class SqliteUserStore implements UserStore {
    private final Clock clock;

    public SqliteUserStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void upsertUser(Connection c, String userId, String kind, String displayName) throws SQLException {
        Sql.update(c, "INSERT INTO users(id, kind, display_name, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name "
                        + "WHERE excluded.display_name IS NOT NULL AND excluded.display_name IS NOT display_name",
                userId, kind, displayName, Timestamps.now(clock));
    }

    @Override
    public boolean isKnownTo(Connection c, String userId, String agentGroupId) throws SQLException {
        return Sql.longValue(c, "SELECT EXISTS(SELECT 1 FROM user_roles WHERE user_id = ? AND "
                        + "(agent_group_id IS NULL OR agent_group_id = ?)) "
                        + "OR EXISTS(SELECT 1 FROM agent_group_members WHERE user_id = ? AND agent_group_id = ?)",
                userId, agentGroupId, userId, agentGroupId) != 0;
    }

    @Override
    public void grantRole(Connection c, String userId, Role role, String agentGroupId, String grantedBy)
            throws SQLException {
        if (role == Role.OWNER && agentGroupId != null) {
            throw new IllegalArgumentException("owner is a global role; agent_group_id must be empty");
        }
        Sql.update(c, "INSERT INTO user_roles(user_id, role, agent_group_id, granted_by, granted_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", userId, role.wire(), agentGroupId,
                grantedBy, Timestamps.now(clock));
    }

    @Override
    public void addMember(Connection c, String userId, String agentGroupId, String addedBy) throws SQLException {
        Sql.update(c, "INSERT INTO agent_group_members(user_id, agent_group_id, added_by, added_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", userId, agentGroupId, addedBy, Timestamps.now(clock));
    }

    @Override
    public Optional<String> dm(Connection c, String userId, String channelType) throws SQLException {
        return Sql.one(c, "SELECT messaging_group_id FROM user_dms WHERE user_id = ? AND channel_type = ?",
                rs -> rs.getString(1), userId, channelType);
    }

    @Override
    public void rememberDm(Connection c, String userId, String channelType, String messagingGroupId)
            throws SQLException {
        Sql.update(c, "INSERT INTO user_dms(user_id, channel_type, messaging_group_id, resolved_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT(user_id, channel_type) DO UPDATE SET messaging_group_id = excluded.messaging_group_id, "
                        + "resolved_at = excluded.resolved_at", userId, channelType, messagingGroupId,
                Timestamps.now(clock));
    }

    @Override
    public Optional<User> user(Connection c, String userId) throws SQLException {
        return Sql.one(c, "SELECT id, kind, display_name, created_at FROM users WHERE id = ?",
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), userId);
    }

    @Override
    public List<User> users(Connection c) throws SQLException {
        return Sql.list(c, "SELECT id, kind, display_name, created_at FROM users ORDER BY id",
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    @Override
    public boolean revokeRole(Connection c, String userId, Role role, String agentGroupId) throws SQLException {
        return Sql.update(c, "DELETE FROM user_roles WHERE user_id = ? AND role = ? "
                + "AND ifnull(agent_group_id, '') = ifnull(?, '')", userId, role.wire(), agentGroupId) > 0;
    }

    @Override
    public boolean hasRole(Connection c, String userId, Role role, String agentGroupId) throws SQLException {
        return Sql.longValue(c, "SELECT count(*) FROM user_roles WHERE user_id = ? AND role = ? "
                + "AND ifnull(agent_group_id, '') = ifnull(?, '')", userId, role.wire(), agentGroupId) > 0;
    }

    @Override
    public boolean removeMember(Connection c, String userId, String agentGroupId) throws SQLException {
        return Sql.update(c, "DELETE FROM agent_group_members WHERE user_id = ? AND agent_group_id = ?", userId,
                agentGroupId) > 0;
    }

    @Override
    public boolean isMember(Connection c, String userId, String agentGroupId) throws SQLException {
        return Sql.longValue(c, "SELECT count(*) FROM agent_group_members WHERE user_id = ? AND agent_group_id = ?",
                userId, agentGroupId) > 0;
    }

    @Override
    public List<RoleGrant> roles(Connection c, String userId) throws SQLException {
        return Sql.list(c, "SELECT user_id, role, agent_group_id, granted_at FROM user_roles WHERE user_id = ? "
                        + "ORDER BY agent_group_id IS NOT NULL, agent_group_id, role",
                rs -> new RoleGrant(rs.getString(1), Role.fromWire(rs.getString(2)), rs.getString(3), rs.getString(4)),
                userId);
    }

    @Override
    public List<String> memberships(Connection c, String userId) throws SQLException {
        return Sql.list(c, "SELECT agent_group_id FROM agent_group_members WHERE user_id = ? ORDER BY agent_group_id",
                rs -> rs.getString(1), userId);
    }
}
