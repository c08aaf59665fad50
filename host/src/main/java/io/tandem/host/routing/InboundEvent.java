package io.tandem.host.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a channel adapter hands the router: one message from one platform chat. {@code content}
 * is the JSON stored in {@code messages_in.content}; {@code timestamp} is already normalised.
 */
public record InboundEvent(
        String channelType,
        String platformId,
        String threadId,
        String platformMessageId,
        String senderId,
        String senderName,
        String text,
        ObjectNode content,
        String timestamp,
        boolean isMention,
        boolean isGroup) {

    public InboundEvent withoutThread() {
        return new InboundEvent(channelType, platformId, null, platformMessageId, senderId, senderName, text, content,
                timestamp, isMention, isGroup);
    }

    /** The {@code users.id} of the sender: {@code <channel_type>:<raw id>}. */
    public String userId() {
        return channelType + ":" + senderId;
    }
}
