package io.tandem.host.approvals.requests;

import io.tandem.schema.rows.ApprovalStatus;

/**
 * One {@code pending_approvals} row: an agent's request ({@code action}, {@code payload} JSON) from
 * session {@code sessionId} of group {@code agentGroupId}, and its card in chat
 * ({@code channelType}, {@code platformId}) as message {@code platformMessageId} (null until sent).
 */
public record PendingApproval(String approvalId, String sessionId, String requestId, String action, String payload,
                              String agentGroupId, String channelType, String platformId, String platformMessageId,
                              String approverUserId, ApprovalStatus status, String title, String createdAt,
                              String expiresAt) {
}
