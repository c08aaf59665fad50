package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.routing.InboundEvent;
import io.tandem.schema.json.Json;

/**
 * The JSON kept in {@code pending_sender_approvals.original_message}: the inbound event as the
 * router saw it (thread already normalised), so a replay routes exactly the same message.
 */
public final class HeldMessage {
    private HeldMessage() {
    }

    public static String write(InboundEvent ev) {
        ObjectNode n = Json.object();
        n.put("channel_type", ev.channelType());
        n.put("platform_id", ev.platformId());
        n.put("thread_id", ev.threadId());
        n.put("platform_message_id", ev.platformMessageId());
        n.put("sender_id", ev.senderId());
        n.put("sender_name", ev.senderName());
        n.put("text", ev.text());
        n.set("content", ev.content());
        n.put("timestamp", ev.timestamp());
        n.put("is_mention", ev.isMention());
        n.put("is_group", ev.isGroup());
        return Json.write(n);
    }

    public static InboundEvent read(String json) {
        JsonNode n = Json.read(json, JsonNode.class);
        return new InboundEvent(text(n, "channel_type"), text(n, "platform_id"), text(n, "thread_id"),
                text(n, "platform_message_id"), text(n, "sender_id"), text(n, "sender_name"), text(n, "text"),
                n.get("content") instanceof ObjectNode o ? o : Json.object(), text(n, "timestamp"),
                n.path("is_mention").asBoolean(), n.path("is_group").asBoolean());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
