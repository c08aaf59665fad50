package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.channels.OutboundFile;
import io.tandem.host.channels.OutboundReaction;
import io.tandem.schema.json.Json;

/**
 * The event JSON of DESIGN 6 for each outbound operation: {@code message} (with its {@code files}
 * and their download urls), {@code card},
 * {@code edit} (with {@code target_platform_message_id}) and {@code reaction} (with {@code emoji}).
 * {@code cursor} and {@code platform_message_id} are filled in by the {@link EventLog} append.
 */
final class HttpEvents {
    private HttpEvents() {
    }

    static ObjectNode message(OutboundDelivery d) {
        ObjectNode ev = common("message", d.messageOutId(), d.agentGroupId(), d.sessionId(), d.seq(), d.timestamp());
        if (d.content().has("text")) {
            ev.put("text", d.content().path("text").asText());
        }
        if (!d.files().isEmpty()) {
            ArrayNode files = ev.putArray("files");
            for (OutboundFile f : d.files()) {
                files.addObject().put("name", f.name()).put("type", f.type()).put("size", f.size())
                        .put("url", FilesEndpoint.url(d.platformId(), d.messageOutId(), f.name()));
            }
        }
        return ev;
    }

    static ObjectNode card(OutboundDelivery d) {
        ObjectNode ev = common("card", d.messageOutId(), d.agentGroupId(), d.sessionId(), d.seq(), d.timestamp());
        JsonNode c = d.content();
        String text = c.hasNonNull("fallback_text") ? c.path("fallback_text").asText()
                : c.hasNonNull("text") ? c.path("text").asText() : null;
        if (text != null) {
            ev.put("text", text);
        }
        if (c.has("card")) {
            ev.set("card", c.get("card"));
        }
        return ev;
    }

    /**
     * A question card: {@code question_id}, {@code title}, {@code text} (the question) and
     * {@code options} ({@code [{label, value}]}, a plain string option shown as both).
     */
    static ObjectNode question(OutboundDelivery d) {
        ObjectNode ev = common("question", d.messageOutId(), d.agentGroupId(), d.sessionId(), d.seq(), d.timestamp());
        JsonNode c = d.content();
        ev.put("question_id", c.path("question_id").asText());
        ev.put("title", c.path("title").asText());
        if (c.hasNonNull("question")) {
            ev.put("text", c.path("question").asText());
        }
        ArrayNode options = ev.putArray("options");
        for (JsonNode o : c.path("options")) {
            options.add(o.isTextual() ? Json.object().put("label", o.asText()).put("value", o.asText()) : o);
        }
        return ev;
    }

    static ObjectNode edit(OutboundEdit e) {
        ObjectNode ev = common("edit", e.messageOutId(), e.agentGroupId(), e.sessionId(), e.seq(), e.timestamp());
        ev.put("target_platform_message_id", e.targetPlatformMessageId());
        ev.put("text", e.text());
        return ev;
    }

    static ObjectNode reaction(OutboundReaction r) {
        ObjectNode ev = common("reaction", r.messageOutId(), r.agentGroupId(), r.sessionId(), r.seq(), r.timestamp());
        ev.put("target_platform_message_id", r.targetPlatformMessageId());
        ev.put("emoji", r.emoji());
        return ev;
    }

    private static ObjectNode common(String type, String messageOutId, String agentGroupId, String sessionId,
                                     long seq, String timestamp) {
        ObjectNode ev = Json.object();
        ev.put("type", type);
        ev.put("message_id", messageOutId);
        ev.put("agent_group_id", agentGroupId);
        ev.put("session_id", sessionId);
        ev.put("seq", seq);
        ev.put("timestamp", timestamp);
        return ev;
    }
}
