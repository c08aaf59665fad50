package io.tandem.host.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.session.InboxFile;
import java.util.List;

/**
 * What a channel adapter hands the router: one message from one platform chat. {@code content}
 * is the JSON stored in {@code messages_in.content}; {@code timestamp} is already normalised.
 * {@code attachments} are validated and decoded files (never null; empty for most messages); the
 * router writes them into each target session's inbox before the inbound commit and adds their
 * {@code {"name","type","path"}} to the stored content.
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
        boolean isGroup,
        List<InboxFile> attachments) {

    public InboundEvent {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message without attachments. */
    public InboundEvent(String channelType, String platformId, String threadId, String platformMessageId,
                        String senderId, String senderName, String text, ObjectNode content, String timestamp,
                        boolean isMention, boolean isGroup) {
        this(channelType, platformId, threadId, platformMessageId, senderId, senderName, text, content, timestamp,
                isMention, isGroup, List.of());
    }

    public InboundEvent withoutThread() {
        return new InboundEvent(channelType, platformId, null, platformMessageId, senderId, senderName, text, content,
                timestamp, isMention, isGroup, attachments);
    }

    /** The {@code users.id} of the sender: {@code <channel_type>:<raw id>}. */
    public String userId() {
        return channelType + ":" + senderId;
    }
}
