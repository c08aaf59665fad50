package io.tandem.host.central.sqlite;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.central.SessionStore;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.ContainerStatus;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.time.Timestamps;
import io.tandem.host.central.Rows.SessionListing;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link SessionStore} on SQLite. */
public final class SqliteSessionStore implements SessionStore {
    private static final String COLUMNS = "id, agent_group_id, messaging_group_id, thread_id, status, container_status";

    private final Clock clock;

    public SqliteSessionStore(Clock clock) {
        this.clock = clock;
    }

    private static SessionRow row(ResultSet rs) throws SQLException {
        return new SessionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                SessionStatus.fromWire(rs.getString(5)), ContainerStatus.fromWire(rs.getString(6)));
    }

    @Override
    public Optional<SessionRow> activeSession(Connection c, String agentGroupId, String messagingGroupId,
                                              String threadId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM sessions WHERE status = 'active' AND agent_group_id = ? "
                        + "AND ifnull(messaging_group_id, '') = ifnull(?, '') AND ifnull(thread_id, '') = ifnull(?, '')",
                SqliteSessionStore::row, agentGroupId, messagingGroupId, threadId);
    }

    @Override
    public SessionRow findOrCreateSession(Connection c, String agentGroupId, String messagingGroupId, String threadId)
            throws SQLException {
        Optional<SessionRow> found = activeSession(c, agentGroupId, messagingGroupId, threadId);
        if (found.isPresent()) {
            return found.get();
        }
        String id = Ids.mint(Ids.SESSION);
        String now = Timestamps.now(clock);
        Sql.update(c, "INSERT INTO sessions(id, agent_group_id, messaging_group_id, thread_id, last_active, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", id, agentGroupId, messagingGroupId, threadId, now, now);
        return new SessionRow(id, agentGroupId, messagingGroupId, threadId, SessionStatus.ACTIVE,
                ContainerStatus.STOPPED);
    }

    @Override
    public Optional<SessionRow> session(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM sessions WHERE id = ?", SqliteSessionStore::row, id);
    }

    @Override
    public List<SessionRow> activeSessions(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM sessions WHERE status = 'active' ORDER BY id",
                SqliteSessionStore::row);
    }

    @Override
    public void touchSession(Connection c, String sessionId) throws SQLException {
        Instant now = clock.instant();
        Sql.update(c, "UPDATE sessions SET last_active = ? WHERE id = ? AND (last_active IS NULL OR last_active < ?)",
                Timestamps.format(now), sessionId, Timestamps.format(now.minus(TOUCH_GRANULARITY)));
    }

    @Override
    public void setContainerStatus(Connection c, String sessionId, ContainerStatus status) throws SQLException {
        Sql.update(c, "UPDATE sessions SET container_status = ? WHERE id = ?", status.wire(), sessionId);
    }

    @Override
    public int resetContainerStatuses(Connection c) throws SQLException {
        return Sql.update(c, "UPDATE sessions SET container_status = 'stopped' WHERE container_status <> 'stopped'");
    }

    private static final String LISTING = "SELECT s.id, s.agent_group_id, s.messaging_group_id, mg.channel_type, "
            + "mg.platform_id, s.thread_id, s.status, s.container_status, s.last_active, s.created_at FROM sessions s "
            + "LEFT JOIN messaging_groups mg ON mg.id = s.messaging_group_id ";

    private static SessionListing listing(ResultSet rs) throws SQLException {
        return new SessionListing(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), SessionStatus.fromWire(rs.getString(7)),
                ContainerStatus.fromWire(rs.getString(8)), rs.getString(9), rs.getString(10));
    }

    @Override
    public List<SessionListing> listSessions(Connection c, String agentGroupId, SessionStatus status)
            throws SQLException {
        String st = status == null ? null : status.wire();
        return Sql.list(c, LISTING + "WHERE (? IS NULL OR s.agent_group_id = ?) AND (? IS NULL OR s.status = ?) "
                        + "ORDER BY s.last_active DESC, s.id", SqliteSessionStore::listing, agentGroupId, agentGroupId,
                st, st);
    }

    @Override
    public Optional<SessionListing> sessionListing(Connection c, String id) throws SQLException {
        return Sql.one(c, LISTING + "WHERE s.id = ?", SqliteSessionStore::listing, id);
    }

    @Override
    public boolean closeSession(Connection c, String id) throws SQLException {
        return Sql.update(c, "UPDATE sessions SET status = 'closed' WHERE id = ? AND status = 'active'", id) > 0;
    }
}
