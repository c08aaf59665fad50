package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * A validated {@code POST /v1/chats/{chat_id}/messages} body. Validation is complete before the
 * router sees the message, so a refused request changes nothing: every string is bounded
 * ({@link Fields}), the text by {@code adapters.http.max_text}.
 */
public record PostMessage(String id, String senderId, String senderName, String text, String threadId,
                          boolean mention, boolean group, String replyTo) {

    public static PostMessage parse(String body, long maxText) {
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
        if (n.has("attachments") && !n.get("attachments").isNull()
                && !(n.get("attachments").isArray() && n.get("attachments").isEmpty())) {
            throw HttpError.invalidField("attachments", "are not supported by this host version yet");
        }
        return new PostMessage(id, senderId, senderName, text, threadId, Fields.optionalBoolean(n, "mention"),
                Fields.optionalBoolean(n, "group"), replyTo);
    }

    /** The {@code messages_in.content} JSON. */
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
