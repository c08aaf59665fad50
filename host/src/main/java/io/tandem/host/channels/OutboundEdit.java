package io.tandem.host.channels;

/**
 * An edit of an earlier message: {@code targetPlatformMessageId} is the platform id stored when
 * that message was delivered (or received), resolved by delivery from the row's {@code seq}.
 * {@code messageOutId} is the idempotency key of the edit itself.
 */
public record OutboundEdit(String sessionId, String agentGroupId, String messageOutId, long seq, ChatTarget target,
                           String targetPlatformMessageId, long targetSeq, String text, String timestamp) {
}
