package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parses one protocol line type. {@code node} is the whole line (a JSON object), {@code ref} its
 * {@code ref} or a JSON null. Returns {@link AgentAction.Invalid} naming the problem instead of
 * throwing: one parser per type keeps each type's checks readable and the registry in
 * {@link AgentActions} the only place that lists the types.
 */
@FunctionalInterface
public interface ActionParser {
    AgentAction parse(JsonNode node, JsonNode ref);
}
