package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * A validated {@code POST /v1/chats/{chat_id}/messages} body. Validation is complete before the
 * router sees the message, so a refused request changes nothing.
 */
public record PostMessage(String id, String senderId, String senderName, String text, String threadId,
                          boolean mention, boolean group, String replyTo) {
    private static final int MAX_PLATFORM_ID = 256;

    public static PostMessage parse(String body, long maxText) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new HttpError(400, "invalid_json", "body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new HttpError(400, "invalid_json", "body must be a JSON object");
        }
        String id = optionalText(n, "id");
        if (id != null && (id.isEmpty() || id.length() > MAX_PLATFORM_ID)) {
            throw HttpError.invalidField("id", "must be 1 to " + MAX_PLATFORM_ID + " characters");
        }
        JsonNode sender = n.get("sender");
        if (sender == null || !sender.isObject()) {
            throw HttpError.invalidField("sender", "is required and must be an object {\"id\", \"name\"?}");
        }
        String senderId = optionalText(sender, "id");
        if (senderId == null || senderId.isBlank() || senderId.length() > MAX_PLATFORM_ID) {
            throw HttpError.invalidField("sender.id", "is required: a string of 1 to " + MAX_PLATFORM_ID + " characters");
        }
        String senderName = optionalText(sender, "name");
        JsonNode textNode = n.get("text");
        if (textNode == null || !textNode.isTextual()) {
            throw HttpError.invalidField("text", "is required and must be a string");
        }
        String text = textNode.asText();
        if (text.getBytes(StandardCharsets.UTF_8).length > maxText) {
            throw new HttpError(413, "payload_too_large", "text is over adapters.http.max_text (" + maxText + " bytes)");
        }
        if (n.has("attachments") && !n.get("attachments").isNull()
                && !(n.get("attachments").isArray() && n.get("attachments").isEmpty())) {
            throw HttpError.invalidField("attachments", "are not supported by this host version yet");
        }
        return new PostMessage(id, senderId, senderName, text, optionalText(n, "thread_id"),
                optionalBoolean(n, "mention"), optionalBoolean(n, "group"), optionalText(n, "reply_to"));
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

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw HttpError.invalidField(field, "must be a string");
        }
        return v.asText();
    }

    private static boolean optionalBoolean(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw HttpError.invalidField(field, "must be true or false");
        }
        return v.asBoolean();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
