package io.tandem.runner.testagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@code exec} agent for tests, run as a separate JVM by the runner. Every line the runner
 * sends it is appended to {@code $RESULTS_FILE} (when set), so a test can see the runner's
 * {@code result} answers. Modes (first argument):
 * <ul>
 *   <li>{@code refusals}: answers each batch with a send to an unknown destination, a malformed
 *       line, a good send and {@code done}, all in one write;</li>
 *   <li>{@code silent}: never writes anything (to trigger the batch timeout);</li>
 *   <li>{@code crash}: exits with code 3 as soon as a batch arrives;</li>
 *   <li>{@code stateful}: saves the last text with {@code state set}, sends a note to the
 *       destination {@code ops} and to the agent destination {@code peer}, then {@code done}.</li>
 *   <li>{@code flood <lines> <chars>}: answers a batch whose first text starts with "flood" with
 *       {@code lines} sends of about {@code chars} chars each and {@code done}, written in one go
 *       without waiting for results; any other batch gets one short {@code small: <text>}.</li>
 * </ul>
 */
public final class ScriptedAgent {
    private ScriptedAgent() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "silent";
        String resultsFile = System.getenv("RESULTS_FILE");
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (resultsFile != null) {
                Files.writeString(Path.of(resultsFile), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(Json.text(msg, "type")) || "silent".equals(mode)) {
                continue;
            }
            if ("crash".equals(mode)) {
                System.exit(3);
            }
            if ("flood".equals(mode)) {
                flood(msg, Integer.parseInt(args[1]), Integer.parseInt(args[2]), out);
                continue;
            }
            if ("stateful".equals(mode)) {
                String text = Json.text(msg.path("messages").get(0), "text");
                String lines = Json.write(Json.object().put("type", "state").put("ref", "st").put("op", "set")
                        .put("key", "last").put("value", text)) + "\n"
                        + "{\"type\":\"send\",\"ref\":\"to-ops\",\"to\":\"ops\",\"text\":\"fyi\"}\n"
                        + "{\"type\":\"send\",\"ref\":\"to-peer\",\"to\":\"peer\",\"text\":\"hello peer\"}\n"
                        + Json.write(Json.object().put("type", "done").put("batch_id", Json.text(msg, "batch_id"))
                                .put("status", "failed").put("error", "partly")) + "\n";
                out.write(lines.getBytes(StandardCharsets.UTF_8));
                out.flush();
                continue;
            }
            StringBuilder b = new StringBuilder();
            b.append("{\"type\":\"send\",\"ref\":\"to-nowhere\",\"to\":\"nowhere\",\"text\":\"lost\"}\n");
            b.append("this is not json\n");
            for (JsonNode m : msg.path("messages")) {
                b.append(Json.write(Json.object().put("type", "send").put("ref", "ok-" + m.path("seq").asLong())
                        .put("text", "still here: " + Json.text(m, "text")))).append('\n');
            }
            b.append(Json.write(Json.object().put("type", "done").put("batch_id", Json.text(msg, "batch_id"))
                    .put("status", "completed"))).append('\n');
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void flood(JsonNode msg, int lines, int chars, OutputStream out) throws IOException {
        String text = Json.text(msg.path("messages").get(0), "text");
        String done = Json.write(Json.object().put("type", "done").put("batch_id", Json.text(msg, "batch_id"))
                .put("status", "completed")) + "\n";
        if (text == null || !text.startsWith("flood")) {
            out.write((Json.write(Json.object().put("type", "send").put("ref", "small")
                    .put("text", "small: " + text)) + "\n" + done).getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        String body = "x".repeat(chars);
        for (int i = 0; i < lines; i++) {
            String line = "{\"type\":\"send\",\"ref\":\"f" + i + "\",\"text\":\"" + i + ":" + body + "\"}\n";
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        out.write(done.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
