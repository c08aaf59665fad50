package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.testagent.TemplateAgent;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose agent is a {@link TemplateAgent} (an {@code exec} process answering the Nth
 * batch with the lines the test wrote into {@code scripts/N.jsonl}), with helpers to read the
 * {@code result} lines the runner sent it.
 */
abstract class ScriptedSessionTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    SessionFixture session;
    Path scripts;
    Path inputs;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
        scripts = Files.createDirectories(tmp.resolve("scripts"));
        inputs = tmp.resolve("agent-input.jsonl");
        session.writeSpec(SessionFixture.spec(SessionFixture.testAgent(TemplateAgent.class,
                Map.of("SCRIPT_DIR", scripts.toString(), "RESULTS_FILE", inputs.toString())), 600_000));
    }

    void script(int batch, String... lines) throws Exception {
        Files.writeString(scripts.resolve(batch + ".jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static String done() {
        return "{\"type\":\"done\",\"batch_id\":\"{batch_id}\",\"status\":\"completed\"}";
    }

    /** Waits for the final ack of {@code id}; on timeout the failure carries the runner's log. */
    void awaitAck(RunnerProcess runner, String id, AckStatus status) {
        try {
            await("ack " + status + " of " + id).atMost(DEADLINE).until(() -> ackIs(id, status));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nrunner log:\n" + runner.log(), e);
        }
    }

    boolean ackIs(String messageId, AckStatus status) throws Exception {
        return session.ack(messageId).map(a -> a.status() == status).orElse(false);
    }

    static JsonNode content(OutboundMessage m) {
        return Json.parse(m.content());
    }

    List<JsonNode> received() throws Exception {
        if (!Files.exists(inputs)) {
            return List.of();
        }
        return Files.readAllLines(inputs, StandardCharsets.UTF_8).stream().map(Json::parse).toList();
    }

    List<JsonNode> results() throws Exception {
        return received().stream().filter(n -> "result".equals(Json.text(n, "type"))).toList();
    }

    Optional<JsonNode> maybeResult(String ref) throws Exception {
        return results().stream().filter(n -> ref.equals(Json.text(n, "ref"))).findFirst();
    }

    JsonNode result(String ref) throws Exception {
        await("result " + ref).atMost(DEADLINE).until(() -> maybeResult(ref).isPresent());
        return maybeResult(ref).orElseThrow();
    }

    String refusal(String ref) throws Exception {
        JsonNode r = result(ref);
        assertThat(r.path("ok").asBoolean()).as("result of " + ref + " is ok:false: " + r).isFalse();
        return r.path("error").asText();
    }
}
