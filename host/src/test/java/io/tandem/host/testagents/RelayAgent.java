package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A test exec agent. A message {@code to:NAME text} is sent to destination NAME (the runner
 * refuses an unknown name) and acknowledged in the session's own chat; any other message is
 * answered {@code relay <pid>: <text>} ({@code relay} or the first argument). The pid shows
 * whether two answers came from one process.
 */
public final class RelayAgent {
    public static void main(String[] args) throws Exception {
        String who = args.length > 0 ? args[0] : "relay";
        long pid = ProcessHandle.current().pid();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue;
            }
            StringBuilder reply = new StringBuilder();
            for (JsonNode m : msg.path("messages")) {
                String text = m.path("text").asText();
                long seq = m.path("seq").asLong();
                if (text.startsWith("to:") && text.indexOf(' ') > 3) {
                    String name = text.substring(3, text.indexOf(' '));
                    reply.append(Json.write(Json.object().put("type", "send").put("ref", "d" + seq).put("to", name)
                            .put("text", text.substring(text.indexOf(' ') + 1)))).append('\n');
                    text = "sent to " + name;
                }
                reply.append(Json.write(Json.object().put("type", "send").put("ref", "r" + seq)
                        .put("text", who + " " + pid + ": " + text))).append('\n');
            }
            reply.append(Json.write(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed"))).append('\n');
            out.print(reply);
            out.flush();
        }
    }
}
