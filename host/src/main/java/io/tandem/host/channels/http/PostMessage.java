package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import io.tandem.host.session.InboxFile;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A validated {@code POST /v1/chats/{chat_id}/messages} body. Validation is complete before the
 * router sees the message, so a refused request changes nothing: every string is bounded
 * ({@link Fields}), the text by {@code adapters.http.max_text}.
 */
public record PostMessage(String id, String senderId, String senderName, String text, String threadId,
                          boolean mention, boolean group, String replyTo, List<InboxFile> attachments) {

    /** Parses a body whose attachments are bounded only by the body itself. */
    public static PostMessage parse(String body, long maxText) {
        return parse(body, maxText, Long.MAX_VALUE);
    }

    /** Parses a body; the decoded attachments together may hold at most {@code maxAttachments} bytes. */
    public static PostMessage parse(String body, long maxText, long maxAttachments) {
        JsonNode n = JsonBodies.object(body);
        String id = Fields.optional(n, "id", "id", Fields.MAX_ID);
        if (id != null && id.isEmpty()) {
            throw HttpError.invalidField("id", "must be 1 to " + Fields.MAX_ID + " characters");
        }
        JsonNode sender = n.get("sender");
        if (sender == null || !sender.isObject()) {
            throw HttpError.invalidField("sender", "is required and must be an object {\"id\", \"name\"?}");
        }
        String senderId = Fields.required(sender, "id", "sender.id", Fields.MAX_ID);
        String senderName = Fields.optional(sender, "name", "sender.name", Fields.MAX_ID);
        JsonNode textNode = n.get("text");
        if (textNode == null || !textNode.isTextual()) {
            throw HttpError.invalidField("text", "is required and must be a string");
        }
        String text = textNode.asText();
        if (text.getBytes(StandardCharsets.UTF_8).length > maxText) {
            throw new HttpError(413, "payload_too_large", "text is over adapters.http.max_text (" + maxText + " bytes)");
        }
        String threadId = Fields.optional(n, "thread_id", "thread_id", Fields.MAX_ID);
        String replyTo = Fields.optional(n, "reply_to", "reply_to", Fields.MAX_ID);
        boolean mention = Fields.optionalBoolean(n, "mention");
        boolean group = Fields.optionalBoolean(n, "group");
        List<InboxFile> attachments = Attachments.parse(n, maxAttachments);
        return new PostMessage(id, senderId, senderName, text, threadId, mention, group, replyTo, attachments);
    }

    /** The {@code messages_in.content} JSON (the router adds the attachments with their inbox paths). */
    public ObjectNode content() {
        ObjectNode c = Json.object();
        c.put("text", text);
        ObjectNode s = c.putObject("sender");
        s.put("id", senderId);
        if (senderName != null) {
            s.put("name", senderName);
        }
        if (replyTo != null) {
            c.put("reply_to", replyTo);
        }
        return c;
    }
}
