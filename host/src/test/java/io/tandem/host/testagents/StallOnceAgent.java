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
 * A test agent for crash tests: the first batch it ever sees (no marker file yet) it takes and
 * never answers, after creating the marker so the test knows it holds the batch. Later batches
 * are answered with {@code recovered: <text>}. Exits on stdin EOF, like every agent must.
 */
public final class StallOnceAgent {
    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue;
            }
            if (!Files.exists(marker)) {
                Files.writeString(marker, msg.path("batch_id").asText());
                continue;
            }
            StringBuilder reply = new StringBuilder();
            for (JsonNode m : msg.path("messages")) {
                var send = Json.object().put("type", "send").put("ref", "r" + m.path("seq").asLong())
                        .put("text", "recovered: " + m.path("text").asText());
                reply.append(Json.write(send)).append('\n');
            }
            reply.append(Json.write(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed"))).append('\n');
            out.print(reply);
            out.flush();
        }
    }
}
