package io.tandem.host.approvals;

import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code pending_sender_approvals} and the look-ups an approval needs (role holders, DM chats).
 * One open card per (chat, sender): filing again is a no-op. An answered card is deleted; its id
 * is remembered in {@code chat_sdk_kv} by {@link SenderApprovals} so a late click answers 409.
 * Every method takes the connection it is handed (central lane).
 */
final class SenderApprovalStore {
    record Pending(String id, String messagingGroupId, String agentGroupId, String senderIdentity,
                   String senderName, String originalMessage, String approverUserId) {
    }

    /** Returns false when a card for this chat and sender is already open. */
    boolean file(Connection c, String id, String mgId, String agId, String sender, String senderName,
                 String original, String approver, String title, String optionsJson, String now)
            throws SQLException {
        return Sql.update(c, "INSERT INTO pending_sender_approvals(id, messaging_group_id, agent_group_id, "
                        + "sender_identity, sender_name, original_message, approver_user_id, title, options_json, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT(messaging_group_id, sender_identity) DO NOTHING",
                id, mgId, agId, sender, senderName, original, approver, title, optionsJson, now) == 1;
    }

    Optional<Pending> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT id, messaging_group_id, agent_group_id, sender_identity, sender_name, "
                        + "original_message, approver_user_id FROM pending_sender_approvals WHERE id = ?",
                rs -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)), id);
    }

    void delete(Connection c, String id) throws SQLException {
        Sql.update(c, "DELETE FROM pending_sender_approvals WHERE id = ?", id);
    }

    /** Holders of {@code role}: scoped to {@code agId}, or global when {@code agId} is null. */
    List<String> holders(Connection c, String role, String agId) throws SQLException {
        return agId == null
                ? Sql.list(c, "SELECT user_id FROM user_roles WHERE role = ? AND agent_group_id IS NULL "
                        + "ORDER BY granted_at, user_id", rs -> rs.getString(1), role)
                : Sql.list(c, "SELECT user_id FROM user_roles WHERE role = ? AND agent_group_id = ? "
                        + "ORDER BY granted_at, user_id", rs -> rs.getString(1), role, agId);
    }

    /** The platform id of the user's DM chat on {@code channelType}, from {@code user_dms}. */
    Optional<String> dmChat(Connection c, String userId, String channelType) throws SQLException {
        return Sql.one(c, "SELECT mg.platform_id FROM user_dms d JOIN messaging_groups mg "
                + "ON mg.id = d.messaging_group_id WHERE d.user_id = ? AND d.channel_type = ?",
                rs -> rs.getString(1), userId, channelType);
    }

    /** Owner, global admin or admin of the group. */
    boolean isAdminOf(Connection c, String userId, String agId) throws SQLException {
        return Sql.longValue(c, "SELECT EXISTS(SELECT 1 FROM user_roles WHERE user_id = ? AND "
                + "(agent_group_id IS NULL OR (role = 'admin' AND agent_group_id = ?)))", userId, agId) != 0;
    }
}
