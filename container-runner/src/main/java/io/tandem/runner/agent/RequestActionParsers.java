package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parser of {@code request} (DESIGN 7.3): an action that needs a human's approval. The runner
 * checks only the shape ({@code action} a non-empty string, {@code payload} an object,
 * {@code reason} a string, may be empty); whether the host knows the action is the host's call,
 * and it tells the agent through a {@code request_result} or a note.
 */
final class RequestActionParsers {
    private RequestActionParsers() {
    }

    static AgentAction request(JsonNode node, JsonNode ref) {
        JsonNode action = node.get("action");
        if (action == null || !action.isTextual() || action.asText().isBlank()) {
            return new AgentAction.Invalid(ref, "request needs a non-empty string \"action\"");
        }
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            return new AgentAction.Invalid(ref, "request \"payload\" must be a JSON object");
        }
        JsonNode reason = node.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            return new AgentAction.Invalid(ref, "request \"reason\" must be a string");
        }
        return new AgentAction.Request(ref, action.asText(), (ObjectNode) payload,
                reason == null || reason.isNull() ? "" : reason.asText());
    }
}
