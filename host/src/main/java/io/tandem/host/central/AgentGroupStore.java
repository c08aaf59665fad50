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

    /** Every agent group, by id. */
    List<AgentGroup> agentGroups(Connection c) throws SQLException;

    Optional<AgentGroup> agentGroupByFolder(Connection c, String folder) throws SQLException;

    void renameAgentGroup(Connection c, String id, String name) throws SQLException;

    /** Creates or replaces the group's container config as a whole (runtime, agent JSON, timezone, batch cap). */
    void saveContainerConfig(Connection c, ContainerConfig config) throws SQLException;

    /**
     * Deletes the group with its sessions rows (their folders stay on disk), its wirings, roles,
     * members, destinations and the destinations of other groups that point at it. The caller
     * has closed its active sessions first.
     */
    void deleteAgentGroup(Connection c, String id) throws SQLException;

    /** Adds a named destination; the caller has checked the name is free and the target exists. */
    void insertDestination(Connection c, String agentGroupId, String localName,
                           io.tandem.schema.rows.DestinationType type, String targetId) throws SQLException;

    /** Returns false when the group has no destination of that name. */
    boolean deleteDestination(Connection c, String agentGroupId, String localName) throws SQLException;

    /** Groups with a destination pointing at the target (to re-project before it goes). */
    List<String> groupsWithDestinationTo(Connection c, io.tandem.schema.rows.DestinationType type, String targetId)
            throws SQLException;

    /** Deletes every destination pointing at the target; returns rows deleted. */
    int deleteDestinationsTo(Connection c, io.tandem.schema.rows.DestinationType type, String targetId)
            throws SQLException;
}
