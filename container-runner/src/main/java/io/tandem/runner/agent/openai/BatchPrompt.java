package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code batch} line's messages as user messages, one each, oldest first: sender name and seq
 * (the model needs the seq for {@code edit_message} and {@code add_reaction}), then the text.
 * Context rows ({@code trigger} 0) are marked as such; a message from another destination names
 * it; attachments are listed by name and path; a retried message lists what was already sent for
 * it so the model need not say it twice; a non-chat message (a question's answer, a task, a
 * webhook) shows its content. Pure.
 */
public final class BatchPrompt {
    private BatchPrompt() {
    }

    public static List<ChatMessage> userMessages(JsonNode batch) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : batch.path("messages")) {
            out.add(ChatMessage.user(render(m)));
        }
        return out;
    }

    static String render(JsonNode m) {
        StringBuilder b = new StringBuilder();
        String kind = Json.text(m, "kind");
        long seq = m.path("seq").asLong();
        String sender = Json.text(m.path("sender"), "name");
        if (sender == null) {
            sender = Json.text(m.path("sender"), "id");
        }
        String from = Json.text(m, "from");
        boolean context = m.path("trigger").asInt(1) == 0;
        if ("chat".equals(kind)) {
            b.append(sender == null ? "someone" : sender).append(" (seq ").append(seq);
            if (from != null) {
                b.append(", via ").append(from);
            }
            if (context) {
                b.append(", earlier context");
            }
            b.append("): ").append(nullToEmpty(Json.text(m, "text")));
        } else {
            b.append('[').append(kind).append(" message, seq ").append(seq);
            if (from != null) {
                b.append(", via ").append(from);
            }
            b.append("] ");
            JsonNode content = m.get("content");
            String text = Json.text(m, "text");
            b.append(text != null ? text : content == null ? "" : Json.write(content));
        }
        JsonNode attachments = m.path("attachments");
        if (attachments.isArray() && !attachments.isEmpty()) {
            b.append("\n[attachments:");
            for (JsonNode a : attachments) {
                b.append(' ').append(Json.text(a, "name")).append(" (").append(Json.text(a, "type"))
                        .append(", ").append(Json.text(a, "path")).append(')');
            }
            b.append(']');
        }
        JsonNode sent = m.path("retry").path("already_sent");
        if (sent.isArray() && !sent.isEmpty()) {
            b.append("\n[this message is being handled again; replies already sent for it:");
            for (JsonNode s : sent) {
                b.append("\n- seq ").append(s.path("seq").asLong()).append(": ").append(Json.text(s, "text"));
            }
            b.append(']');
        }
        return b.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
