package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One function the model may call, and the protocol line it becomes: {@code parameters} is the
 * JSON schema offered in the request, {@code toLine} turns the model's arguments into an agent →
 * runner line (without {@code ref}, which the registry adds). Arguments that do not fit throw
 * {@link BadArguments}; the model is told so and nothing is sent.
 */
public record Tool(String name, String description, ObjectNode parameters, LineMaker toLine) {

    /** Arguments → protocol line (e.g. {@code {"type":"edit","seq":3,"text":"…"}}). */
    @FunctionalInterface
    public interface LineMaker {
        ObjectNode line(JsonNode arguments) throws BadArguments;
    }

    /** The model's arguments do not fit the tool; the message goes back to the model. */
    public static final class BadArguments extends Exception {
        public BadArguments(String message) {
            super(message);
        }
    }
}
