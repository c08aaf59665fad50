package io.tandem.host.channels;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One outbound row resolved to its checked target. {@code messageOutId} is the idempotency key.
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
        String timestamp) {
}
