package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A built-in agent with a bug: it throws on the first attempt of a batch holding a message
 * {@code "boom"}, and otherwise behaves as the echo agent (so a retried batch succeeds).
 */
public final class FaultyAgent {
    private FaultyAgent() {
    }

    public static void serve(InputStream input, OutputStream out, AgentSetup setup) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode msg = Json.parse(line);
            for (JsonNode m : msg.path("messages")) {
                if ("boom".equals(Json.text(m, "text")) && !m.has("retry")) {
                    throw new IllegalStateException("faulty agent cannot handle boom");
                }
            }
            String reply = EchoAgent.answer(line);
            if (reply != null) {
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }
}
