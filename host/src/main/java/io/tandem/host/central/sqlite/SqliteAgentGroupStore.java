package io.tandem.host.central.sqlite;

import io.tandem.host.central.AgentGroupStore;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.central.Rows.Destination;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.rows.RuntimeKind;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link AgentGroupStore} on SQLite. */
public final class SqliteAgentGroupStore implements AgentGroupStore {
    private final Clock clock;

    public SqliteAgentGroupStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<AgentGroup> agentGroup(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT id, name, folder FROM agent_groups WHERE id = ?",
                rs -> new AgentGroup(rs.getString(1), rs.getString(2), rs.getString(3)), id);
    }

    @Override
    public long agentGroupCount(Connection c) throws SQLException {
        return Sql.longValue(c, "SELECT count(*) FROM agent_groups");
    }

    @Override
    public void insertAgentGroup(Connection c, String id, String name, String folder) throws SQLException {
        Ids.requireSafe("agent_group_id", id);
        Ids.requireSafe("folder", folder);
        Sql.update(c, "INSERT INTO agent_groups(id, name, folder, created_at) VALUES (?, ?, ?, ?)", id, name, folder,
                Timestamps.now(clock));
    }

    @Override
    public void upsertContainerConfig(Connection c, String agentGroupId, String agentJson) throws SQLException {
        Sql.update(c, "INSERT INTO container_configs(agent_group_id, agent, updated_at) "
                        + "VALUES (?, ?, ?) "
                        + "ON CONFLICT(agent_group_id) DO UPDATE SET agent = excluded.agent, updated_at = excluded.updated_at",
                agentGroupId, agentJson, Timestamps.now(clock));
    }

    @Override
    public Optional<ContainerConfig> containerConfig(Connection c, String agentGroupId) throws SQLException {
        return Sql.one(c, "SELECT agent_group_id, runtime, agent, timezone, max_messages_per_batch, network "
                        + "FROM container_configs WHERE agent_group_id = ?",
                rs -> new ContainerConfig(rs.getString(1),
                        rs.getString(2) == null ? null : RuntimeKind.fromWire(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getObject(5) == null ? null : rs.getInt(5), rs.getInt(6) == 1),
                agentGroupId);
    }

    @Override
    public List<Destination> destinations(Connection c, String agentGroupId) throws SQLException {
        return Sql.list(c, "SELECT d.local_name, d.target_type, d.target_id, "
                        + "coalesce(mg.name, mg.channel_type || ':' || mg.platform_id, ag.name, d.target_id), "
                        + "mg.channel_type, mg.platform_id "
                        + "FROM agent_destinations d "
                        + "LEFT JOIN messaging_groups mg ON d.target_type = 'channel' AND mg.id = d.target_id "
                        + "LEFT JOIN agent_groups ag ON d.target_type = 'agent' AND ag.id = d.target_id "
                        + "WHERE d.agent_group_id = ? ORDER BY d.local_name",
                rs -> new Destination(rs.getString(1), DestinationType.fromWire(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)), agentGroupId);
    }

    @Override
    public List<AgentGroup> agentGroups(Connection c) throws SQLException {
        return Sql.list(c, "SELECT id, name, folder FROM agent_groups ORDER BY id",
                rs -> new AgentGroup(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    @Override
    public Optional<AgentGroup> agentGroupByFolder(Connection c, String folder) throws SQLException {
        return Sql.one(c, "SELECT id, name, folder FROM agent_groups WHERE folder = ?",
                rs -> new AgentGroup(rs.getString(1), rs.getString(2), rs.getString(3)), folder);
    }

    @Override
    public void renameAgentGroup(Connection c, String id, String name) throws SQLException {
        Sql.update(c, "UPDATE agent_groups SET name = ? WHERE id = ?", name, id);
    }

    @Override
    public void saveContainerConfig(Connection c, ContainerConfig cfg) throws SQLException {
        Sql.update(c, "INSERT INTO container_configs(agent_group_id, runtime, agent, timezone, max_messages_per_batch, "
                        + "network, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(agent_group_id) DO UPDATE SET "
                        + "runtime = excluded.runtime, agent = excluded.agent, timezone = excluded.timezone, "
                        + "max_messages_per_batch = excluded.max_messages_per_batch, network = excluded.network, "
                        + "updated_at = excluded.updated_at",
                cfg.agentGroupId(), cfg.runtime() == null ? null : cfg.runtime().wire(), cfg.agentJson(),
                cfg.timezone(), cfg.maxMessagesPerBatch(), cfg.network() ? 1 : 0, Timestamps.now(clock));
    }

    @Override
    public void deleteAgentGroup(Connection c, String id) throws SQLException {
        Sql.update(c, "DELETE FROM sessions WHERE agent_group_id = ?", id);
        deleteDestinationsTo(c, DestinationType.AGENT, id);
        Sql.update(c, "DELETE FROM agent_destinations WHERE agent_group_id = ?", id);
        Sql.update(c, "DELETE FROM agent_groups WHERE id = ?", id);
    }

    @Override
    public void insertDestination(Connection c, String agentGroupId, String localName, DestinationType type,
                                  String targetId) throws SQLException {
        Sql.update(c, "INSERT INTO agent_destinations(agent_group_id, local_name, target_type, target_id, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", agentGroupId, localName, type.wire(), targetId, Timestamps.now(clock));
    }

    @Override
    public boolean deleteDestination(Connection c, String agentGroupId, String localName) throws SQLException {
        return Sql.update(c, "DELETE FROM agent_destinations WHERE agent_group_id = ? AND local_name = ?",
                agentGroupId, localName) > 0;
    }

    @Override
    public List<String> groupsWithDestinationTo(Connection c, DestinationType type, String targetId)
            throws SQLException {
        return Sql.list(c, "SELECT DISTINCT agent_group_id FROM agent_destinations WHERE target_type = ? "
                + "AND target_id = ? ORDER BY agent_group_id", rs -> rs.getString(1), type.wire(), targetId);
    }

    @Override
    public int deleteDestinationsTo(Connection c, DestinationType type, String targetId) throws SQLException {
        return Sql.update(c, "DELETE FROM agent_destinations WHERE target_type = ? AND target_id = ?", type.wire(),
                targetId);
    }
}
