package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop the JSON-lines test agents share (docs/agents.md): read one line at a time from stdin,
 * ignore everything but {@code batch}, let the agent add its action lines for the batch, then end
 * it with {@code done completed} and write the lines at once. Exits on stdin EOF.
 */
final class BatchAgent {
    /** One agent's answer to a batch: the action lines to write before {@code done}. */
    @FunctionalInterface
    interface Answer {
        void batch(JsonNode batch, List<JsonNode> lines) throws Exception;
    }

    private BatchAgent() {
    }

    static void run(Answer answer) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue;
            }
            List<JsonNode> lines = new ArrayList<>();
            answer.batch(msg, lines);
            lines.add(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed"));
            StringBuilder reply = new StringBuilder();
            lines.forEach(l -> reply.append(Json.write(l)).append('\n'));
            out.print(reply);
            out.flush();
        }
    }
}
