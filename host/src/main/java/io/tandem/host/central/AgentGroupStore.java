package io.tandem.host.central;

import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.central.Rows.Destination;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Agent groups with what belongs to them: container configs and named destinations
 * ({@code agent_groups}, {@code container_configs}, {@code agent_destinations}). Every method takes
 * the connection it is handed; callers own transactions. Queries only read, so they also run on
 * {@link CentralDb#read}.
 */
public interface AgentGroupStore {
    Optional<AgentGroup> agentGroup(Connection c, String id) throws SQLException;

    long agentGroupCount(Connection c) throws SQLException;

    /** Ids and folders must be safe path segments; anything else is refused before it is stored. */
    void insertAgentGroup(Connection c, String id, String name, String folder) throws SQLException;

    void upsertContainerConfig(Connection c, String agentGroupId, String agentJson) throws SQLException;

    Optional<ContainerConfig> containerConfig(Connection c, String agentGroupId) throws SQLException;

    /** The group's destinations joined with their targets, ordered by local name. */
    List<Destination> destinations(Connection c, String agentGroupId) throws SQLException;
}
