package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;

/**
 * A test exec agent that asks. The message {@code ask} is answered with a question (title
 * {@code Deploy}, text {@code Ship it to production?}, options Yes/yes and No/no); the answer
 * (a {@code question_response} system message) with {@code you chose <value> (<user>)}, or, when the
 * question expired unanswered ({@code "expired":true}), with {@code nobody answered <question_id>};
 * any other message with {@code heard: <text>}.
 */
public final class AskAgent {
    public static void main(String[] args) throws Exception {
        BatchAgent.run((msg, lines) -> {
            for (JsonNode m : msg.path("messages")) {
                String ref = "r" + m.path("seq").asLong();
                JsonNode content = m.path("content");
                ObjectNode action;
                if ("question_response".equals(content.path("type").asText())
                        && content.path("expired").asBoolean(false)) {
                    action = Json.object().put("type", "send").put("ref", ref).put("text", "nobody answered "
                            + content.path("question_id").asText());
                } else if ("question_response".equals(content.path("type").asText())) {
                    action = Json.object().put("type", "send").put("ref", ref).put("text", "you chose "
                            + content.path("value").asText() + " (" + content.path("user_id").asText() + ")");
                } else if ("ask".equals(m.path("text").asText())) {
                    action = Json.object().put("type", "ask").put("ref", ref).put("title", "Deploy")
                            .put("question", "Ship it to production?");
                    action.putArray("options").add(Json.object().put("label", "Yes").put("value", "yes"))
                            .add(Json.object().put("label", "No").put("value", "no"));
                } else {
                    action = Json.object().put("type", "send").put("ref", ref).put("text", "heard: "
                            + m.path("text").asText());
                }
                lines.add(action);
            }
        });
    }
}
