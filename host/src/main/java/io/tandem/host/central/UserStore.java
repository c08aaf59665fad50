package io.tandem.host.central;

import io.tandem.schema.rows.Role;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Users and what they may do: {@code users}, {@code user_roles}, {@code agent_group_members} and
 * the DM chat resolved per user and channel ({@code user_dms}). Every method takes the connection
 * it is handed.
 * Queries (the methods that neither insert, upsert, set nor touch) only read, so they also run on
 * {@link CentralDb#read}.
 */
public interface UserStore {
    /** Creates the user or refreshes a changed display name (a null name never erases one). */
    void upsertUser(Connection c, String userId, String kind, String displayName) throws SQLException;

    /** Owner (global), admin (global or of the group) or member of the group. */
    boolean isKnownTo(Connection c, String userId, String agentGroupId) throws SQLException;

    /** Grants {@code role}; {@code agentGroupId} null means global (always so for owner). Idempotent. */
    void grantRole(Connection c, String userId, Role role, String agentGroupId, String grantedBy) throws SQLException;

    /** Adds the user to the group's members. Idempotent. */
    void addMember(Connection c, String userId, String agentGroupId, String addedBy) throws SQLException;

    /** The messaging group of the user's DM on {@code channelType}, once resolved. */
    Optional<String> dm(Connection c, String userId, String channelType) throws SQLException;

    void rememberDm(Connection c, String userId, String channelType, String messagingGroupId) throws SQLException;

    Optional<io.tandem.host.central.Rows.User> user(Connection c, String userId) throws SQLException;

    /** Every user, by id. */
    java.util.List<io.tandem.host.central.Rows.User> users(Connection c) throws SQLException;

    /** Returns false when the user held no such grant. */
    boolean revokeRole(Connection c, String userId, Role role, String agentGroupId) throws SQLException;

    boolean hasRole(Connection c, String userId, Role role, String agentGroupId) throws SQLException;

    /** Returns false when the user was no member of the group. */
    boolean removeMember(Connection c, String userId, String agentGroupId) throws SQLException;

    boolean isMember(Connection c, String userId, String agentGroupId) throws SQLException;

    /** The user's role grants, global first. */
    java.util.List<io.tandem.host.central.Rows.RoleGrant> roles(Connection c, String userId) throws SQLException;

    /** The groups the user is a member of, by id. */
    java.util.List<String> memberships(Connection c, String userId) throws SQLException;
}
