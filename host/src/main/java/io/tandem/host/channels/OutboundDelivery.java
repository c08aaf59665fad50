package io.tandem.host.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One outbound row resolved to its checked target. {@code messageOutId} is the idempotency key.
 * {@code files} are the message's attachments, already checked by delivery (regular files within
 * {@code delivery.max_file}); empty for rows without files. {@code replyToPlatformMessageId} is
 * the platform id of the message this row answers when it came from the same chat (a channel that
 * can quote it, as Telegram's {@code reply_parameters}, does), else null.
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
        List<OutboundFile> files,
        String replyToPlatformMessageId) {

    public OutboundDelivery {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A row that quotes nothing. */
    public OutboundDelivery(String sessionId, String agentGroupId, String messageOutId, long seq, String kind,
                            String channelType, String platformId, String threadId, JsonNode content,
                            String timestamp, List<OutboundFile> files) {
        this(sessionId, agentGroupId, messageOutId, seq, kind, channelType, platformId, threadId, content, timestamp,
                files, null);
    }

    /** A row without files that quotes nothing. */
    public OutboundDelivery(String sessionId, String agentGroupId, String messageOutId, long seq, String kind,
                            String channelType, String platformId, String threadId, JsonNode content,
                            String timestamp) {
        this(sessionId, agentGroupId, messageOutId, seq, kind, channelType, platformId, threadId, content, timestamp,
                List.of(), null);
    }

    /** The same delivery with {@code files} attached. */
    public OutboundDelivery withFiles(List<OutboundFile> attached) {
        return new OutboundDelivery(sessionId, agentGroupId, messageOutId, seq, kind, channelType, platformId, threadId,
                content, timestamp, attached, replyToPlatformMessageId);
    }
}
