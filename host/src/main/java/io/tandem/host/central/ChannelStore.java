package io.tandem.host.central;

import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.UnknownSenderPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Platform chats and their wiring to agent groups ({@code messaging_groups},
 * {@code messaging_group_agents}). Every method takes the connection it is handed.
 * Queries (the methods that neither insert, upsert, set nor touch) only read, so they also run on
 * {@link CentralDb#read}.
 */
public interface ChannelStore {
    Optional<MessagingGroup> messagingGroup(Connection c, String channelType, String platformId) throws SQLException;

    /** Registers a chat; returns its new id. */
    String insertMessagingGroup(Connection c, String channelType, String platformId, String name, boolean isGroup,
                                UnknownSenderPolicy policy) throws SQLException;

    /** The chat's wirings, highest priority first (ties by age, then id), so routing order is stable. */
    List<Wiring> wirings(Connection c, String messagingGroupId) throws SQLException;

    void insertWiring(Connection c, String messagingGroupId, String agentGroupId, EngageMode engageMode,
                      String engagePattern, SessionMode sessionMode) throws SQLException;
}
