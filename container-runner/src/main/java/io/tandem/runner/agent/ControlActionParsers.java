package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;

/** Parsers of the lines that steer the runner rather than write messages: {@code done}, {@code state}. */
final class ControlActionParsers {
    private ControlActionParsers() {
    }

    static AgentAction done(JsonNode node, JsonNode ref) {
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

    static AgentAction state(JsonNode node, JsonNode ref) {
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
