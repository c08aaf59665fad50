package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A test exec agent that uses the protocol's actions: {@code ask} asks "Pizza or soup?" (options
 * pizza, soup); {@code edit} edits its own last sent message to "edited" and reacts 👍 to the
 * {@code edit} message itself; {@code file} sends {@code note.txt} (written into its working
 * folder) with the text "a file"; a {@code question_response} is answered
 * {@code answer: <value> by <user_id>}; anything else {@code got: <text>}.
 */
public final class ActionsAgent {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long lastSent = -1;
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            String type = msg.path("type").asText();
            if (type.equals("result") && msg.path("ok").asBoolean() && msg.path("ref").asText().startsWith("s")
                    && msg.has("seq")) {
                lastSent = msg.path("seq").asLong();
                continue;
            }
            if (!type.equals("batch")) {
                continue;
            }
            StringBuilder reply = new StringBuilder();
            for (JsonNode m : msg.path("messages")) {
                long seq = m.path("seq").asLong();
                JsonNode content = m.path("content").isTextual() ? Json.parse(m.path("content").asText()) : m.path("content");
                String text = m.path("text").asText("");
                if ("question_response".equals(content.path("type").asText())) {
                    line(reply, Json.object().put("type", "send").put("ref", "s" + seq).put("text", "answer: "
                            + content.path("value").asText() + " by " + content.path("user_id").asText()));
                } else if (text.equals("ask")) {
                    var ask = Json.object().put("type", "ask").put("ref", "a" + seq).put("title", "Lunch")
                            .put("question", "Pizza or soup?");
                    ask.putArray("options").add("pizza").add("soup");
                    line(reply, ask);
                } else if (text.equals("file")) {
                    java.nio.file.Files.writeString(java.nio.file.Path.of("note.txt"), "a note from the agent");
                    var send = Json.object().put("type", "send").put("ref", "f" + seq).put("text", "a file");
                    send.putArray("files").add("note.txt");
                    line(reply, send);
                } else if (text.equals("edit") && lastSent > 0) {
                    line(reply, Json.object().put("type", "edit").put("ref", "e" + seq).put("seq", lastSent)
                            .put("text", "edited"));
                    line(reply, Json.object().put("type", "react").put("ref", "r" + seq).put("seq", seq)
                            .put("emoji", "👍"));
                } else {
                    line(reply, Json.object().put("type", "send").put("ref", "s" + seq).put("text", "got: " + text));
                }
            }
            line(reply, Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed"));
            out.print(reply);
            out.flush();
        }
    }

    private static void line(StringBuilder b, JsonNode n) {
        b.append(Json.write(n)).append('\n');
    }
}
