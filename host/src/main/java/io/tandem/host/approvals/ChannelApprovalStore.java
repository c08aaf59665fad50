package io.tandem.host.approvals;

import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code pending_channel_approvals} (one open registration per chat, its primary key) and
 * {@code messaging_groups.denied_at}. Every method takes the connection it is handed (central lane).
 */
final class ChannelApprovalStore {
    record Pending(String messagingGroupId, String originalMessage, String approverUserId, String optionsJson) {
    }

    /** Returns false when a registration for this chat is already open. */
    boolean file(Connection c, String mgId, String original, String approver, String title, String optionsJson,
                 String now) throws SQLException {
        return Sql.update(c, "INSERT INTO pending_channel_approvals(messaging_group_id, agent_group_id, "
                + "original_message, approver_user_id, title, options_json, created_at) VALUES (?, NULL, ?, ?, ?, ?, ?) "
                + "ON CONFLICT(messaging_group_id) DO NOTHING", mgId, original, approver, title, optionsJson, now) == 1;
    }

    Optional<Pending> find(Connection c, String mgId) throws SQLException {
        return Sql.one(c, "SELECT messaging_group_id, original_message, approver_user_id, options_json "
                        + "FROM pending_channel_approvals WHERE messaging_group_id = ?",
                rs -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), mgId);
    }

    void delete(Connection c, String mgId) throws SQLException {
        Sql.update(c, "DELETE FROM pending_channel_approvals WHERE messaging_group_id = ?", mgId);
    }

    void deny(Connection c, String mgId, String now) throws SQLException {
        Sql.update(c, "UPDATE messaging_groups SET denied_at = ? WHERE id = ?", now, mgId);
    }
}
