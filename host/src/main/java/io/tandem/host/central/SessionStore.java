package io.tandem.host.central;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.schema.rows.ContainerStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sessions} registry. At most one active session exists per (agent group, messaging
 * group, thread) key (a unique index keeps it so). Every method takes the connection it is handed.
 * Queries (the methods that neither insert, upsert, set nor touch) only read, so they also run on
 * {@link CentralDb#read}.
 */
public interface SessionStore {
    Optional<SessionRow> activeSession(Connection c, String agentGroupId, String messagingGroupId, String threadId)
            throws SQLException;

    /** Finds the active session for the key or creates it. */
    SessionRow findOrCreateSession(Connection c, String agentGroupId, String messagingGroupId, String threadId)
            throws SQLException;

    Optional<SessionRow> session(Connection c, String id) throws SQLException;

    /** Active sessions ordered by id. */
    List<SessionRow> activeSessions(Connection c) throws SQLException;

    /**
     * Records activity in {@code last_active}, at most once per {@code TOUCH_GRANULARITY}: a busy
     * chat's routing then writes nothing to central, so its central transaction costs no fsync.
     */
    void touchSession(Connection c, String sessionId) throws SQLException;

    /** How stale {@code last_active} may be (it is operator information, nothing decides on it). */
    Duration TOUCH_GRANULARITY = java.time.Duration.ofMinutes(1);

    void setContainerStatus(Connection c, String sessionId, ContainerStatus status) throws SQLException;

    /** At host start no runner of ours exists: every session's container is stopped. Returns rows changed. */
    int resetContainerStatuses(Connection c) throws SQLException;

    /** Sessions filtered by group and status (null = any), newest activity first. */
    List<io.tandem.host.central.Rows.SessionListing> listSessions(Connection c, String agentGroupId,
                                                                  io.tandem.schema.rows.SessionStatus status)
            throws SQLException;

    Optional<io.tandem.host.central.Rows.SessionListing> sessionListing(Connection c, String id) throws SQLException;

    /** Marks an active session closed (a new message then opens a new one); false if it was not active. */
    boolean closeSession(Connection c, String id) throws SQLException;
}
