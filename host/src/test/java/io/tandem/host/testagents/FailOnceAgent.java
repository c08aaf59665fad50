package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test agent for retries: the first batch it ever sees (no marker file yet) it reports
 * {@code failed} with the error {@code "first try fails"}, creating the marker; later batches are
 * answered with {@code answered: <text>}, followed by {@code (retry <attempt>)} when the message
 * carries the runner's {@code retry} note. Exits on stdin EOF, like every agent must.
 */
public final class FailOnceAgent {
    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue;
            }
            StringBuilder reply = new StringBuilder();
            var done = Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText());
            if (!Files.exists(marker)) {
                Files.writeString(marker, msg.path("batch_id").asText());
                done.put("status", "failed").put("error", "first try fails");
            } else {
                for (JsonNode m : msg.path("messages")) {
                    reply.append(Json.write(Json.object().put("type", "send").put("ref", "r" + m.path("seq").asLong())
                            .put("text", "answered: " + m.path("text").asText() + (m.has("retry")
                                    ? " (retry " + m.path("retry").path("attempt").asInt() + ")" : "")))).append('\n');
                }
                done.put("status", "completed");
            }
            reply.append(Json.write(done)).append('\n');
            out.print(reply);
            out.flush();
        }
    }
}
