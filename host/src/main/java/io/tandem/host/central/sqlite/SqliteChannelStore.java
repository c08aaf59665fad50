package io.tandem.host.central.sqlite;

import io.tandem.host.central.ChannelStore;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.IgnoredMessagePolicy;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link ChannelStore} on SQLite. */
public final class SqliteChannelStore implements ChannelStore {
    private final Clock clock;

    public SqliteChannelStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<MessagingGroup> messagingGroup(Connection c, String channelType, String platformId)
            throws SQLException {
        return Sql.one(c, "SELECT id, channel_type, platform_id, name, is_group, unknown_sender_policy, denied_at "
                        + "FROM messaging_groups WHERE channel_type = ? AND platform_id = ?",
                SqliteChannelStore::messagingGroup, channelType, platformId);
    }

    private static MessagingGroup messagingGroup(ResultSet rs) throws SQLException {
        return new MessagingGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getInt(5) != 0, UnknownSenderPolicy.fromWire(rs.getString(6)), rs.getString(7));
    }

    @Override
    public String insertMessagingGroup(Connection c, String channelType, String platformId, String name,
                                       boolean isGroup, UnknownSenderPolicy policy) throws SQLException {
        String id = Ids.mint(Ids.MESSAGING_GROUP);
        Sql.update(c, "INSERT INTO messaging_groups(id, channel_type, platform_id, name, is_group, "
                        + "unknown_sender_policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id, channelType,
                platformId, name, isGroup, policy.wire(), Timestamps.now(clock));
        return id;
    }

    @Override
    public List<Wiring> wirings(Connection c, String messagingGroupId) throws SQLException {
        return Sql.list(c, "SELECT id, messaging_group_id, agent_group_id, engage_mode, engage_pattern, sender_scope, "
                        + "ignored_message_policy, session_mode, priority FROM messaging_group_agents "
                        + "WHERE messaging_group_id = ? ORDER BY priority DESC, created_at, id",
                rs -> new Wiring(rs.getString(1), rs.getString(2), rs.getString(3),
                        EngageMode.fromWire(rs.getString(4)), rs.getString(5), SenderScope.fromWire(rs.getString(6)),
                        IgnoredMessagePolicy.fromWire(rs.getString(7)), SessionMode.fromWire(rs.getString(8)),
                        rs.getInt(9)), messagingGroupId);
    }

    @Override
    public void insertWiring(Connection c, String messagingGroupId, String agentGroupId, EngageMode engageMode,
                             String engagePattern, SessionMode sessionMode) throws SQLException {
        Sql.update(c, "INSERT INTO messaging_group_agents(id, messaging_group_id, agent_group_id, engage_mode, "
                        + "engage_pattern, session_mode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Ids.mint(Ids.WIRING), messagingGroupId, agentGroupId, engageMode.wire(), engagePattern,
                sessionMode.wire(), Timestamps.now(clock));
    }

    private static final String MG_COLUMNS =
            "id, channel_type, platform_id, name, is_group, unknown_sender_policy, denied_at";
    private static final String WIRING_COLUMNS = "id, messaging_group_id, agent_group_id, engage_mode, "
            + "engage_pattern, sender_scope, ignored_message_policy, session_mode, priority";

    private static Wiring wiringRow(ResultSet rs) throws SQLException {
        return new Wiring(rs.getString(1), rs.getString(2), rs.getString(3), EngageMode.fromWire(rs.getString(4)),
                rs.getString(5), SenderScope.fromWire(rs.getString(6)),
                IgnoredMessagePolicy.fromWire(rs.getString(7)), SessionMode.fromWire(rs.getString(8)), rs.getInt(9));
    }

    @Override
    public Optional<MessagingGroup> messagingGroupById(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + MG_COLUMNS + " FROM messaging_groups WHERE id = ?",
                SqliteChannelStore::messagingGroup, id);
    }

    @Override
    public List<MessagingGroup> messagingGroups(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + MG_COLUMNS + " FROM messaging_groups ORDER BY channel_type, platform_id",
                SqliteChannelStore::messagingGroup);
    }

    @Override
    public void updateMessagingGroup(Connection c, String id, String name, boolean isGroup,
                                     UnknownSenderPolicy policy) throws SQLException {
        Sql.update(c, "UPDATE messaging_groups SET name = ?, is_group = ?, unknown_sender_policy = ? WHERE id = ?",
                name, isGroup, policy.wire(), id);
    }

    @Override
    public void deleteMessagingGroup(Connection c, String id) throws SQLException {
        Sql.update(c, "UPDATE sessions SET messaging_group_id = NULL WHERE messaging_group_id = ? "
                + "AND status <> 'active'", id);
        Sql.update(c, "DELETE FROM messaging_groups WHERE id = ?", id);
    }

    @Override
    public String addWiring(Connection c, Wiring w) throws SQLException {
        String id = Ids.mint(Ids.WIRING);
        Sql.update(c, "INSERT INTO messaging_group_agents(id, messaging_group_id, agent_group_id, engage_mode, "
                        + "engage_pattern, sender_scope, ignored_message_policy, session_mode, priority, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, w.messagingGroupId(), w.agentGroupId(),
                w.engageMode().wire(), w.engagePattern(), w.senderScope().wire(), w.ignoredMessagePolicy().wire(),
                w.sessionMode().wire(), w.priority(), Timestamps.now(clock));
        return id;
    }

    @Override
    public Optional<Wiring> wiring(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + WIRING_COLUMNS + " FROM messaging_group_agents WHERE id = ?",
                SqliteChannelStore::wiringRow, id);
    }

    @Override
    public List<Wiring> findWirings(Connection c, String messagingGroupId, String agentGroupId) throws SQLException {
        return Sql.list(c, "SELECT " + WIRING_COLUMNS + " FROM messaging_group_agents "
                        + "WHERE (? IS NULL OR messaging_group_id = ?) AND (? IS NULL OR agent_group_id = ?) "
                        + "ORDER BY messaging_group_id, priority DESC, created_at, id", SqliteChannelStore::wiringRow,
                messagingGroupId, messagingGroupId, agentGroupId, agentGroupId);
    }

    @Override
    public boolean deleteWiring(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM messaging_group_agents WHERE id = ?", id) > 0;
    }
}
