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

    Optional<MessagingGroup> messagingGroupById(Connection c, String id) throws SQLException;

    /** Every registered chat, by channel type then platform id. */
    List<MessagingGroup> messagingGroups(Connection c) throws SQLException;

    /** Replaces the editable fields of a chat. */
    void updateMessagingGroup(Connection c, String id, String name, boolean isGroup, UnknownSenderPolicy policy)
            throws SQLException;

    /**
     * Deletes a chat with its wirings; closed sessions of it keep their rows without the chat.
     * The caller has refused while active sessions remain.
     */
    void deleteMessagingGroup(Connection c, String id) throws SQLException;

    /** Adds a wiring with every setting; returns its new {@code w-…} id. */
    String addWiring(Connection c, Wiring wiring) throws SQLException;

    Optional<Wiring> wiring(Connection c, String id) throws SQLException;

    /** Wirings filtered by chat and/or group (null = any), by chat, then priority DESC. */
    List<Wiring> findWirings(Connection c, String messagingGroupId, String agentGroupId) throws SQLException;

    boolean deleteWiring(Connection c, String id) throws SQLException;
}
