package io.tandem.host.channels;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One outbound row resolved to its checked target. {@code messageOutId} is the idempotency key.
 * {@code replyToPlatformMessageId} is the platform id of the message this row answers when it
 * came from the same chat (a channel that can quote it, as Telegram's {@code reply_parameters},
 * does), else null.
 */
public record OutboundDelivery(
        String sessionId,
        String agentGroupId,
        String messageOutId,
        long seq,
        String kind,
        String channelType,
        String platformId,
        String threadId,
        JsonNode content,
        String timestamp,
        String replyToPlatformMessageId) {

    /** A row that quotes nothing. */
    public OutboundDelivery(String sessionId, String agentGroupId, String messageOutId, long seq, String kind,
                            String channelType, String platformId, String threadId, JsonNode content,
                            String timestamp) {
        this(sessionId, agentGroupId, messageOutId, seq, kind, channelType, platformId, threadId, content, timestamp,
                null);
    }
}
