package io.tandem.host.central.sqlite;

import io.tandem.host.central.AgentGroupStore;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.central.Rows.Destination;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.DestinationType;
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
        Sql.update(c, "INSERT INTO container_configs(agent_group_id, runtime, agent, updated_at) "
                        + "VALUES (?, 'process', ?, ?) "
                        + "ON CONFLICT(agent_group_id) DO UPDATE SET agent = excluded.agent, updated_at = excluded.updated_at",
                agentGroupId, agentJson, Timestamps.now(clock));
    }

    @Override
    public Optional<ContainerConfig> containerConfig(Connection c, String agentGroupId) throws SQLException {
        return Sql.one(c, "SELECT agent_group_id, runtime, agent, timezone, max_messages_per_batch "
                        + "FROM container_configs WHERE agent_group_id = ?",
                rs -> new ContainerConfig(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5) == null ? null : rs.getInt(5)), agentGroupId);
    }

    @Override
    public List<Destination> destinations(Connection c, String agentGroupId) throws SQLException {
        return Sql.list(c, "SELECT d.local_name, d.target_type, d.target_id, "
                        + "coalesce(mg.name, ag.name, d.target_id), mg.channel_type, mg.platform_id "
                        + "FROM agent_destinations d "
                        + "LEFT JOIN messaging_groups mg ON d.target_type = 'channel' AND mg.id = d.target_id "
                        + "LEFT JOIN agent_groups ag ON d.target_type = 'agent' AND ag.id = d.target_id "
                        + "WHERE d.agent_group_id = ? ORDER BY d.local_name",
                rs -> new Destination(rs.getString(1), DestinationType.fromWire(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)), agentGroupId);
    }
}
