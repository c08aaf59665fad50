package io.tandem.runner.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tandem.schema.json.Json;
import java.util.Set;

/**
 * Parses agent lines into {@link AgentAction}s. Never throws: anything malformed, unknown or
 * unsupported becomes {@link AgentAction.Invalid} with a reason naming the problem, because a
 * misbehaving agent must get an answer, not crash the runner.
 */
public final class AgentActions {
    /** Protocol types this runner does not carry out yet; they are refused by name. */
    private static final Set<String> NOT_YET = Set.of("edit", "react", "ask", "card", "schedule", "task", "request");

    private AgentActions() {
    }

    public static AgentAction parse(String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return new AgentAction.Invalid(NullNode.instance, "malformed line: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new AgentAction.Invalid(NullNode.instance, "malformed line: not a JSON object");
        }
        JsonNode ref = node.hasNonNull("ref") ? node.get("ref") : NullNode.instance;
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return new AgentAction.Invalid(ref, "line has no \"type\"");
        }
        return switch (type.asText()) {
            case "send" -> send(node, ref);
            case "done" -> done(node, ref);
            case "state" -> state(node, ref);
            default -> new AgentAction.Invalid(ref, NOT_YET.contains(type.asText())
                    ? "type '" + type.asText() + "' is not supported by this runner yet"
                    : "unknown type '" + type.asText() + "'");
        };
    }

    private static AgentAction send(JsonNode node, JsonNode ref) {
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            return new AgentAction.Invalid(ref, "send needs a string \"text\"");
        }
        JsonNode to = node.get("to");
        if (to != null && !to.isNull() && !to.isTextual()) {
            return new AgentAction.Invalid(ref, "send \"to\" must be a destination name");
        }
        JsonNode files = node.get("files");
        if (files != null && !files.isNull() && !(files.isArray() && files.isEmpty())) {
            return new AgentAction.Invalid(ref, "send \"files\" is not supported by this runner yet");
        }
        return new AgentAction.Send(ref, to == null || to.isNull() ? null : to.asText(), text.asText());
    }

    private static AgentAction done(JsonNode node, JsonNode ref) {
        String batchId = Json.text(node, "batch_id");
        if (batchId == null) {
            return new AgentAction.Invalid(ref, "done needs \"batch_id\"");
        }
        String status = Json.text(node, "status");
        if (!"completed".equals(status) && !"failed".equals(status)) {
            return new AgentAction.Invalid(ref, "done \"status\" must be completed or failed, not " + status);
        }
        return new AgentAction.Done(ref, batchId, "failed".equals(status), Json.text(node, "error"));
    }

    private static AgentAction state(JsonNode node, JsonNode ref) {
        String key = Json.text(node, "key");
        if (key == null || key.isEmpty()) {
            return new AgentAction.Invalid(ref, "state needs a non-empty \"key\"");
        }
        String op = Json.text(node, "op");
        if ("delete".equals(op)) {
            return new AgentAction.StateDelete(ref, key);
        }
        if (!"set".equals(op)) {
            return new AgentAction.Invalid(ref, "state \"op\" must be set or delete, not " + op);
        }
        JsonNode value = node.get("value");
        if (value == null || value.isNull()) {
            return new AgentAction.Invalid(ref, "state set needs a \"value\"");
        }
        return new AgentAction.StateSet(ref, key, value.isTextual() ? value.asText() : value.toString());
    }
}
