package io.tandem.host.approvals.requests;

import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.ApprovalStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code pending_approvals}: filed once per approval id (a repeat is a no-op), decided once (the
 * status moves from {@code pending} only, so of two racing decisions one changes a row and the
 * other none). Decided rows stay, so a late click can be told what became of it. Every method
 * takes the connection it is handed (central lane).
 */
final class PendingApprovalRows {
    private static final String COLUMNS = "approval_id, session_id, request_id, action, payload, agent_group_id, "
            + "channel_type, platform_id, platform_message_id, approver_user_id, status, title, created_at, expires_at";

    /** Returns false when the approval was filed already. */
    boolean file(Connection c, PendingApproval a, String optionsJson) throws SQLException {
        return Sql.update(c, "INSERT INTO pending_approvals(approval_id, session_id, request_id, action, payload, "
                        + "agent_group_id, channel_type, platform_id, approver_user_id, status, title, options_json, "
                        + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT(approval_id) DO NOTHING",
                a.approvalId(), a.sessionId(), a.requestId(), a.action(), a.payload(), a.agentGroupId(),
                a.channelType(), a.platformId(), a.approverUserId(), a.status().wire(), a.title(), optionsJson,
                a.createdAt(), a.expiresAt()) == 1;
    }

    Optional<PendingApproval> find(Connection c, String approvalId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM pending_approvals WHERE approval_id = ?",
                PendingApprovalRows::row, approvalId);
    }

    /** Pending approvals that can expire (ordered by expiry). */
    List<ExpiryDecisions.Open> open(Connection c) throws SQLException {
        return Sql.list(c, "SELECT approval_id, expires_at FROM pending_approvals WHERE status = ? "
                        + "AND expires_at IS NOT NULL ORDER BY expires_at",
                rs -> new ExpiryDecisions.Open(rs.getString(1), rs.getString(2)), ApprovalStatus.PENDING.wire());
    }

    /** Moves a pending approval to {@code status}; false when it was no longer pending. */
    boolean decide(Connection c, String approvalId, ApprovalStatus status) throws SQLException {
        return Sql.update(c, "UPDATE pending_approvals SET status = ? WHERE approval_id = ? AND status = ?",
                status.wire(), approvalId, ApprovalStatus.PENDING.wire()) == 1;
    }

    void cardSent(Connection c, String approvalId, String platformMessageId) throws SQLException {
        Sql.update(c, "UPDATE pending_approvals SET platform_message_id = ? WHERE approval_id = ?",
                platformMessageId, approvalId);
    }

    private static PendingApproval row(ResultSet rs) throws SQLException {
        return new PendingApproval(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), ApprovalStatus.fromWire(rs.getString(11)), rs.getString(12), rs.getString(13),
                rs.getString(14));
    }
}
