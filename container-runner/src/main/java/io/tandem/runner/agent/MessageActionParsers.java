package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers of the lines that write a message row: {@code send}, {@code edit}, {@code react},
 * {@code ask}, {@code card}. They check shape only (types, required fields, seq > 0); whether a
 * seq or destination exists is the loop's business, which can read the session files.
 */
final class MessageActionParsers {
    private MessageActionParsers() {
    }

    static AgentAction send(JsonNode node, JsonNode ref) {
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            return invalid(ref, "send needs a string \"text\"");
        }
        JsonNode to = node.get("to");
        if (to != null && !to.isNull() && !to.isTextual()) {
            return invalid(ref, "send \"to\" must be a destination name");
        }
        JsonNode files = node.get("files");
        List<String> paths = new ArrayList<>();
        if (files != null && !files.isNull()) {
            if (!files.isArray()) {
                return invalid(ref, "send \"files\" must be an array of paths relative to the group folder");
            }
            for (JsonNode f : files) {
                if (!f.isTextual() || f.asText().isEmpty()) {
                    return invalid(ref, "send \"files\" entries must be non-empty path strings, not " + f);
                }
                paths.add(f.asText());
            }
        }
        JsonNode replyTo = node.get("reply_to");
        Long replySeq = null;
        if (replyTo != null && !replyTo.isNull()) {
            if (!isSeq(replyTo)) {
                return invalid(ref, "send \"reply_to\" must be the seq (a positive integer) of an inbound message");
            }
            replySeq = replyTo.asLong();
        }
        return new AgentAction.Send(ref, to == null || to.isNull() ? null : to.asText(), text.asText(), paths,
                replySeq);
    }

    static AgentAction edit(JsonNode node, JsonNode ref) {
        JsonNode seq = node.get("seq");
        if (!isSeq(seq)) {
            return invalid(ref, "edit needs \"seq\", a positive integer");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            return invalid(ref, "edit needs a string \"text\"");
        }
        return new AgentAction.Edit(ref, seq.asLong(), text.asText());
    }

    static AgentAction react(JsonNode node, JsonNode ref) {
        JsonNode seq = node.get("seq");
        if (!isSeq(seq)) {
            return invalid(ref, "react needs \"seq\", a positive integer");
        }
        JsonNode emoji = node.get("emoji");
        if (emoji == null || !emoji.isTextual() || emoji.asText().isBlank()) {
            return invalid(ref, "react needs a non-empty string \"emoji\"");
        }
        return new AgentAction.React(ref, seq.asLong(), emoji.asText());
    }

    /** Options may be strings ({@code s} → {@code {"label":s,"value":s}}) or {@code {"label","value"?}} objects. */
    static AgentAction ask(JsonNode node, JsonNode ref) {
        JsonNode title = node.get("title");
        if (title == null || !title.isTextual()) {
            return invalid(ref, "ask needs a string \"title\"");
        }
        JsonNode question = node.get("question");
        if (question == null || !question.isTextual() || question.asText().isBlank()) {
            return invalid(ref, "ask needs a non-empty string \"question\"");
        }
        JsonNode options = node.get("options");
        if (options == null || !options.isArray() || options.isEmpty()) {
            return invalid(ref, "ask needs \"options\", a non-empty array");
        }
        ArrayNode normal = Json.MAPPER.createArrayNode();
        List<String> values = new ArrayList<>();
        for (JsonNode o : options) {
            String label;
            String value;
            if (o.isTextual()) {
                label = o.asText();
                value = label;
            } else if (o.isObject() && o.path("label").isTextual()) {
                label = o.get("label").asText();
                JsonNode v = o.get("value");
                if (v != null && !v.isNull() && !v.isTextual()) {
                    return invalid(ref, "ask option \"value\" must be a string: " + o);
                }
                value = v == null || v.isNull() ? label : v.asText();
            } else {
                return invalid(ref, "ask options must be strings or {\"label\",\"value\"} objects, not " + o);
            }
            if (label.isBlank() || value.isEmpty()) {
                return invalid(ref, "ask option labels and values must not be empty: " + o);
            }
            if (values.contains(value)) {
                return invalid(ref, "ask option value '" + value + "' appears twice");
            }
            values.add(value);
            normal.addObject().put("label", label).put("value", value);
        }
        return new AgentAction.Ask(ref, title.asText(), question.asText(), normal);
    }

    static AgentAction card(JsonNode node, JsonNode ref) {
        JsonNode card = node.get("card");
        if (card == null || !card.isObject()) {
            return invalid(ref, "card needs \"card\", a JSON object");
        }
        JsonNode fallback = node.get("fallback_text");
        if (fallback == null || !fallback.isTextual() || fallback.asText().isBlank()) {
            return invalid(ref, "card needs a non-empty string \"fallback_text\" (what chats without cards show)");
        }
        return new AgentAction.Card(ref, (ObjectNode) card, fallback.asText());
    }

    private static boolean isSeq(JsonNode n) {
        return n != null && n.canConvertToLong() && n.isIntegralNumber() && n.asLong() > 0;
    }

    private static AgentAction invalid(JsonNode ref, String reason) {
        return new AgentAction.Invalid(ref, reason);
    }
}
