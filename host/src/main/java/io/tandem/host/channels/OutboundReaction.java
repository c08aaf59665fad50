package io.tandem.host.channels;

/** A reaction to an earlier message, resolved like {@link OutboundEdit}. */
public record OutboundReaction(String sessionId, String agentGroupId, String messageOutId, long seq,
                               ChatTarget target, String targetPlatformMessageId, long targetSeq, String emoji,
                               String timestamp) {
}
