package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A test exec agent that opens every attachment of a message the way DESIGN §7.3 tells an agent
 * to: its {@code path} is relative to the workspace ({@code $TANDEM_WORKSPACE}), not to the agent's
 * own working directory (the group folder). It answers {@code files: NAME TYPE SIZE bytes: CONTENT; …}
 * (content as UTF-8), {@code no files}, or {@code cannot read NAME at PATH: ERROR}.
 */
public final class InboxReaderAgent {
    public static void main(String[] args) throws Exception {
        Path workspace = Paths.get(System.getenv("TANDEM_WORKSPACE"));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue;
            }
            StringBuilder reply = new StringBuilder();
            for (JsonNode m : msg.path("messages")) {
                StringBuilder text = new StringBuilder();
                for (JsonNode a : m.path("attachments")) {
                    String rel = a.path("path").asText();
                    text.append(text.length() == 0 ? "files: " : "; ");
                    if (Paths.get(rel).isAbsolute()) {
                        text.append("absolute path ").append(rel);
                        continue;
                    }
                    try {
                        byte[] bytes = Files.readAllBytes(workspace.resolve(rel));
                        text.append(a.path("name").asText()).append(' ').append(a.path("type").asText()).append(' ')
                                .append(bytes.length).append(" bytes: ").append(new String(bytes, StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        text.append("cannot read ").append(a.path("name").asText()).append(" at ").append(rel)
                                .append(": ").append(e);
                    }
                }
                reply.append(Json.write(Json.object().put("type", "send").put("ref", "r" + m.path("seq").asLong())
                        .put("text", text.length() == 0 ? "no files" : text.toString()))).append('\n');
            }
            reply.append(Json.write(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed"))).append('\n');
            out.print(reply);
            out.flush();
        }
    }
}
