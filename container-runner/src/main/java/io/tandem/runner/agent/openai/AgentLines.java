package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;

/**
 * The agent's end of the JSON-lines protocol: reads runner lines, writes agent lines (all lines of
 * one call in one write, so the runner can commit them together), mints {@code ref}s and waits
 * for the {@code result} of one of them. A {@code result} for another ref (one the agent did not
 * wait for, e.g. of the state line written with {@code done}) is passed over, logged when it says
 * {@code ok:false}. Every write restarts the {@link CallBudget}. Not thread-safe: the agent's
 * thread only.
 */
final class AgentLines {
    /** The runner closed the agent's input: the agent is being stopped. */
    static final class Closed extends Exception {
        Closed() {
            super("runner closed the agent's input");
        }
    }

    /** The runner → agent line types this agent tells apart ({@code OTHER}: any newer one, ignored). */
    enum Type {
        HELLO, BATCH, RESULT, CLEAR, OTHER;

        static Type of(JsonNode line) {
            String t = Json.text(line, "type");
            return switch (t == null ? "" : t) {
                case "hello" -> HELLO;
                case "batch" -> BATCH;
                case "result" -> RESULT;
                case "clear" -> CLEAR;
                default -> OTHER;
            };
        }
    }

    private final BufferedReader in;
    private final OutputStream out;
    private final CallBudget budget;
    private final Logger log;
    private final String sessionId;
    private long refs;

    AgentLines(InputStream in, OutputStream out, CallBudget budget, Logger log, String sessionId) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.budget = budget;
        this.log = log;
        this.sessionId = sessionId;
    }

    /** The next runner line as JSON, or null at EOF. Lines that are not JSON objects are skipped. */
    JsonNode next() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                if (n != null && n.isObject()) {
                    return n;
                }
            } catch (IOException e) {
                // fall through: not for us
            }
            log.atWarn().addKeyValue("session", sessionId).log("openai.line.unreadable");
        }
        return null;
    }

    String nextRef() {
        return "oa-" + (++refs);
    }

    void write(List<ObjectNode> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (ObjectNode l : lines) {
            b.append(Json.write(l)).append('\n');
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        budget.restart();
    }

    /** Writes {@code line} (which carries {@code ref}) and returns the runner's result for it. */
    JsonNode call(ObjectNode line, String ref) throws IOException, Closed {
        write(List.of(line));
        while (true) {
            JsonNode n = next();
            if (n == null) {
                throw new Closed();
            }
            if (Type.of(n) == Type.RESULT && ref.equals(Json.text(n, "ref"))) {
                return n;
            }
            passOver(n);
        }
    }

    /** A line the agent was not waiting for. */
    void passOver(JsonNode n) {
        if (Type.of(n) == Type.RESULT) {
            if (!n.path("ok").asBoolean()) {
                log.atWarn().addKeyValue("session", sessionId).addKeyValue("ref", Json.text(n, "ref"))
                        .addKeyValue("error", Json.text(n, "error")).log("openai.line.refused");
            }
        } else {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("line_type", Json.text(n, "type"))
                    .log("openai.line.unexpected");
        }
    }
}
