package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One agent → runner line, parsed and checked (DESIGN §7.3). {@code ref} is the agent's own
 * correlation value, echoed unchanged in the {@code result}; it is a JSON null when absent or the
 * line could not be parsed.
 */
public sealed interface AgentAction {
    JsonNode ref();

    /** {@code {"type":"send","ref","to"?,"text"}}: one outbound chat row. {@code to} null = the batch's chat. */
    record Send(JsonNode ref, String to, String text) implements AgentAction {
    }

    /** {@code {"type":"done","batch_id","status","error"?}}: the batch is finished; final acks follow. */
    record Done(JsonNode ref, String batchId, boolean failed, String error) implements AgentAction {
    }

    /** {@code {"type":"state","ref","op":"set","key","value"}}: upsert one session_state entry. */
    record StateSet(JsonNode ref, String key, String value) implements AgentAction {
    }

    /** {@code {"type":"state","ref","op":"delete","key"}}: remove one session_state entry. */
    record StateDelete(JsonNode ref, String key) implements AgentAction {
    }

    /** A line this runner refuses; {@code reason} names the problem and goes back as {@code ok:false}. */
    record Invalid(JsonNode ref, String reason) implements AgentAction {
    }
}
