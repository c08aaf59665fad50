package io.tandem.host.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A question the agent asked in this chat that this terminal has not answered yet: its id, its
 * title and its options in the order shown (option {@code n} on screen is {@code options.get(n - 1)}).
 */
public record OpenQuestion(String questionId, String title, List<Option> options) {

    /** One button: the label shown and the value sent back. */
    public record Option(String label, String value) {
    }

    public OpenQuestion {
        options = List.copyOf(options);
    }

    /**
     * The question in a {@code question} event, or null when the event has no usable
     * {@code question_id} or no options (nothing could be answered by number).
     */
    public static OpenQuestion of(JsonNode event) {
        String id = event.path("question_id").asText("");
        List<Option> options = new ArrayList<>();
        for (JsonNode o : event.path("options")) {
            if (o.isTextual()) {
                options.add(new Option(o.asText(), o.asText()));
            } else if (o.isObject() && o.hasNonNull("value")) {
                String value = o.path("value").asText();
                options.add(new Option(o.path("label").asText(value), value));
            }
        }
        if (id.isEmpty() || options.isEmpty()) {
            return null;
        }
        return new OpenQuestion(id, event.path("title").asText(""), options);
    }
}
