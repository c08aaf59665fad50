package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A test agent that answers every batch with {@code <lines>} sends of about {@code <chars>} chars
 * each (text {@code "<i>:xxxx…"}) and {@code done}, all written in one go without waiting for
 * the runner's results, the way the agent of the large-output report did. Exits on stdin EOF.
 * Args: {@code <lines> <chars>}.
 */
public final class FloodAgent {
    private FloodAgent() {
    }

    public static void main(String[] args) throws Exception {
        int lines = Integer.parseInt(args[0]);
        String body = "x".repeat(Integer.parseInt(args[1]));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue;
            }
            for (int i = 0; i < lines; i++) {
                out.write(("{\"type\":\"send\",\"ref\":\"f" + i + "\",\"text\":\"" + i + ":" + body + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write((Json.write(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed")) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
