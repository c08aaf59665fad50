package io.tandem.host.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One outbound row resolved to its checked target. {@code messageOutId} is the idempotency key.
 * {@code files} are the message's attachments, already checked by delivery (regular files within
 * {@code delivery.max_file}); empty for rows without files.
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
        List<OutboundFile> files) {

    public OutboundDelivery {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A row without files. */
    public OutboundDelivery(String sessionId, String agentGroupId, String messageOutId, long seq, String kind,
                            String channelType, String platformId, String threadId, JsonNode content,
                            String timestamp) {
        this(sessionId, agentGroupId, messageOutId, seq, kind, channelType, platformId, threadId, content, timestamp,
                List.of());
    }

    /** The same delivery with {@code files} attached. */
    public OutboundDelivery withFiles(List<OutboundFile> attached) {
        return new OutboundDelivery(sessionId, agentGroupId, messageOutId, seq, kind, channelType, platformId, threadId,
                content, timestamp, attached);
    }
}
