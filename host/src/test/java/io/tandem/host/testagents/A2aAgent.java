package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;

/**
 * A test exec agent for agent-to-agent messages. From a person, {@code to:NAME text} sends
 * {@code text} to destination NAME; other text is left unanswered. From another agent (sender id
 * {@code agent:…}): a text starting {@code re: } is reported to destination {@code home} as
 * {@code got <text> from <from>}; any other text is answered as a reply to it ({@code reply_to}
 * its seq, so it travels back): {@code re: <text> (from <from>)}. A {@code delivery_failed} note is
 * reported to {@code home} as {@code failed: <error>}. {@code from} is what the runner says the
 * message came from (the receiving group's destination name for the sender).
 */
public final class A2aAgent {
    public static void main(String[] args) throws Exception {
        BatchAgent.run((msg, lines) -> {
            for (JsonNode m : msg.path("messages")) {
                long seq = m.path("seq").asLong();
                String text = m.path("text").asText("");
                String from = m.path("from").isNull() ? "nobody" : m.path("from").asText();
                JsonNode content = m.path("content");
                if ("delivery_failed".equals(content.path("type").asText())) {
                    lines.add(Json.object().put("type", "send").put("ref", "f" + seq).put("to", "home")
                            .put("text", "failed: " + content.path("error").asText()));
                } else if (m.path("sender").path("id").asText().startsWith("agent:")) {
                    if (text.startsWith("re: ")) {
                        lines.add(Json.object().put("type", "send").put("ref", "g" + seq).put("to", "home")
                                .put("text", "got " + text + " from " + from));
                    } else {
                        lines.add(Json.object().put("type", "send").put("ref", "r" + seq).put("reply_to", seq)
                                .put("text", "re: " + text + " (from " + from + ")"));
                    }
                } else if (text.startsWith("to:") && text.indexOf(' ') > 3) {
                    lines.add(Json.object().put("type", "send").put("ref", "d" + seq)
                            .put("to", text.substring(3, text.indexOf(' '))).put("text",
                                    text.substring(text.indexOf(' ') + 1)));
                }
            }
        });
    }

}
