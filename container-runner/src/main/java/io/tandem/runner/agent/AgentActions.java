package io.tandem.runner.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tandem.schema.json.Json;
import java.util.Map;

/**
 * Parses agent lines into {@link AgentAction}s. Never throws: anything malformed, unknown or
 * unsupported becomes {@link AgentAction.Invalid} with a reason naming the problem, because a
 * misbehaving agent must get an answer, not crash the runner. Each type has its own
 * {@link ActionParser} in {@link #PARSERS}; a new type is one more entry there.
 */
public final class AgentActions {
    private static final Map<String, ActionParser> PARSERS = Map.of(
            "send", MessageActionParsers::send,
            "edit", MessageActionParsers::edit,
            "react", MessageActionParsers::react,
            "ask", MessageActionParsers::ask,
            "card", MessageActionParsers::card,
            "done", ControlActionParsers::done,
            "state", ControlActionParsers::state,
            "schedule", TaskActionParsers::schedule,
            "task", TaskActionParsers::task,
            "request", RequestActionParsers::request);

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
        ActionParser parser = PARSERS.get(type.asText());
        if (parser != null) {
            return parser.parse(node, ref);
        }
        return new AgentAction.Invalid(ref, "unknown type '" + type.asText() + "'");
    }
}
