package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.testagent.ScriptedAgent;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.ProcessingAck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bug 14: an agent that writes far more than the runner's heap in one batch. The runner (a real
 * child JVM at {@code -Xmx96m}, as the host starts it) must stream the replies into outbound.db
 * chunk by chunk, and a batch over {@code max_output_per_batch} must fail visibly while the
 * runner keeps serving.
 */
class RunnerLargeOutputTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private SessionFixture session;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
    }

    @Test
    void fifty_megabytes_of_replies_in_one_batch_are_all_committed_by_a_runner_with_a_96m_heap() throws Exception {
        // three messages share the batch, as in the report; 125 sends of 400,000 chars = 50 MB
        session.writeSpec(SessionFixture.spec(
                SessionFixture.testAgent(ScriptedAgent.class, Map.of(), "flood", "125", "400000"), 600_000));
        String a = session.insertChat("flood a", true);
        String b = session.insertChat("flood b", true);
        String c = session.insertChat("flood c", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("all acked").atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() ->
                    !runner.isAlive() || (ackIs(a, AckStatus.COMPLETED) && ackIs(b, AckStatus.COMPLETED)
                            && ackIs(c, AckStatus.COMPLETED)));
            assertThat(runner.isAlive()).as("runner alive; log:\n%s", tail(runner.log())).isTrue();
            Map<String, Object> stats = ReadOnlyReads.read(session.paths.outboundDb(), conn -> Map.<String, Object>of(
                    "rows", Sql.longValue(conn, "SELECT count(*) FROM messages_out WHERE in_reply_to = ?", c),
                    "bytes", Sql.longValue(conn, "SELECT sum(length(content)) FROM messages_out"),
                    "distinct", Sql.longValue(conn,
                            "SELECT count(DISTINCT substr(json_extract(content, '$.text'), 1, 4)) FROM messages_out")))
                    .value();
            assertThat(stats.get("rows")).isEqualTo(125L);
            assertThat((Long) stats.get("bytes")).isGreaterThan(50_000_000L);
            assertThat(stats.get("distinct")).isEqualTo(125L);
            assertThat(runner.log()).doesNotContain("OutOfMemoryError");

            String next = session.insertChat("still there?", true);
            await("next message served").atMost(Duration.ofSeconds(30)).until(() -> ackIs(next, AckStatus.COMPLETED));
        }
    }

    @Test
    void a_batch_over_max_output_per_batch_fails_with_a_clear_error_and_the_runner_serves_the_next_message()
            throws Exception {
        Path inputs = tmp.resolve("agent-input.jsonl");
        session.writeSpec(SessionFixture.spec(SessionFixture.testAgent(ScriptedAgent.class,
                Map.of("RESULTS_FILE", inputs.toString()), "flood", "10", "400000"), 600_000, 1_000_000L));
        String big = session.insertChat("flood please", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("failed ack").atMost(Duration.ofSeconds(60)).until(() -> ackIs(big, AckStatus.FAILED));
            ProcessingAck ack = session.ack(big).orElseThrow();
            assertThat(ack.error()).contains("exceeded agent.max_output_per_batch (1000000 bytes");
            await("agent told").atMost(Duration.ofSeconds(30)).until(() -> results(inputs).stream()
                    .anyMatch(r -> !r.path("ok").asBoolean()
                            && Json.text(r, "error").contains("agent.max_output_per_batch")));
            // two sends of ~400 KB fit under 1,000,000 bytes; the third crossed it and nothing after it was kept
            assertThat(countReplies()).isEqualTo(2);

            String small = session.insertChat("hello again", true);
            await("next message served").atMost(Duration.ofSeconds(30))
                    .until(() -> ackIs(small, AckStatus.COMPLETED));
            assertThat(session.ack(big).orElseThrow().status()).isEqualTo(AckStatus.FAILED);
            assertThat(countReplies()).isEqualTo(3);
            assertThat(runner.isAlive()).isTrue();
            assertThat(runner.log()).contains("batch.output_limit");
        }
    }

    private long countReplies() throws Exception {
        return ReadOnlyReads.read(session.paths.outboundDb(),
                conn -> Sql.longValue(conn, "SELECT count(*) FROM messages_out")).value();
    }

    private boolean ackIs(String messageId, AckStatus status) throws Exception {
        return session.ack(messageId).map(x -> x.status() == status).orElse(false);
    }

    private static List<JsonNode> results(Path file) throws Exception {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Json::parse)
                .filter(n -> "result".equals(Json.text(n, "type"))).toList();
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }
}
