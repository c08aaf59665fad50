package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.testagent.HotOutboundWriter;
import io.tandem.runner.testagent.ScriptedAgent;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.rows.ProcessingAck;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retried batches: what the agent is told about replies already sent (bug 14), and a message whose
 * runner died mid-commit, leaving a hot outbound journal and a {@code processing} ack of the
 * current attempt (bug 13): the next runner answers it within seconds, exactly once.
 */
class RunnerRetryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private SessionFixture session;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
    }

    @Test
    void a_retried_batch_carries_the_attempt_and_the_replies_already_sent_and_a_first_attempt_carries_none()
            throws Exception {
        Path inputs = tmp.resolve("agent-input.jsonl");
        session.writeSpec(SessionFixture.spec(SessionFixture.testAgent(ScriptedAgent.class,
                Map.of("RESULTS_FILE", inputs.toString()), "refusals"), 600_000));
        String retried = session.insertMessage("again", true, 1, "pending", null);
        long seq = session.seqOf(retried);
        session.asEarlierRunner(tx -> {
            SessionFixture.ack(tx, retried, 0, "processing");
            SessionFixture.reply(tx, seq + 1, retried, "part one");
            SessionFixture.reply(tx, seq + 3, retried, "x".repeat(20_000));
            return null;
        });
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("retried acked").atMost(DEADLINE).until(() -> ackIs(retried, AckStatus.COMPLETED));
            JsonNode msg = batches(inputs).get(0).path("messages").get(0);
            JsonNode retry = msg.path("retry");
            assertThat(retry.path("attempt").asInt()).isEqualTo(1);
            assertThat(retry.path("already_sent")).hasSize(2);
            assertThat(retry.path("already_sent").get(0).toString())
                    .isEqualTo("{\"seq\":" + (seq + 1) + ",\"text\":\"part one\"}");
            JsonNode cut = retry.path("already_sent").get(1);
            assertThat(cut.path("seq").asLong()).isEqualTo(seq + 3);
            assertThat(cut.path("truncated").asBoolean()).isTrue();
            assertThat(Json.text(cut, "text")).hasSize(8192);
            assertThat(runner.log()).contains("batch.retry");

            String fresh = session.insertChat("new", true);
            await("fresh acked").atMost(DEADLINE).until(() -> ackIs(fresh, AckStatus.COMPLETED));
            assertThat(batches(inputs).get(1).path("messages").get(0).has("retry")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void the_echo_agent_does_not_repeat_an_echo_a_retried_message_already_got(EchoMode mode) throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        String retried = session.insertMessage("hi", true, 1, "pending", null);
        long seq = session.seqOf(retried);
        session.asEarlierRunner(tx -> {
            SessionFixture.ack(tx, retried, 0, "processing");
            SessionFixture.reply(tx, seq + 1, retried, "echo: hi");
            return null;
        });
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("acked").atMost(DEADLINE).until(() -> ackIs(retried, AckStatus.COMPLETED));
            assertThat(session.replies()).extracting(RunnerRetryTest::text).containsExactly("echo: hi");
            assertThat(session.ack(retried)).get().extracting(ProcessingAck::attempt).isEqualTo(1);
        }
    }

    @Test
    void a_runner_killed_mid_commit_leaves_a_hot_journal_and_the_next_runner_answers_within_seconds_exactly_once()
            throws Exception {
        // the dead runner's batch: [a, b]; it had committed the echo of a (filed under b, the
        // batch's reply target) and was killed while committing the rest
        String a = session.insertChat("first", true);
        String b = session.insertChat("second", true);
        long seqB = session.seqOf(b);
        session.asEarlierRunner(tx -> {
            SessionFixture.ack(tx, a, 0, "processing");
            SessionFixture.ack(tx, b, 0, "processing");
            SessionFixture.reply(tx, seqB + 1, b, "echo: first");
            return null;
        });
        Path journal = session.paths.outboundDb().resolveSibling("outbound.db-journal");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HotOutboundWriter.class.getName(),
                session.paths.outboundDb().toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("mid-commit");
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(journal).exists();
        assertThat(ReadOnlyReads.read(session.paths.outboundDb(), c -> 1).isOk())
                .as("a reader sees the file as recovering").isFalse();

        long started = System.nanoTime();
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("both answered").atMost(DEADLINE)
                    .until(() -> ackIs(a, AckStatus.COMPLETED) && ackIs(b, AckStatus.COMPLETED));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE);
            assertThat(journal).doesNotExist();
            assertThat(session.replies()).extracting(RunnerRetryTest::text)
                    .containsExactly("echo: first", "echo: second");
            assertThat(runner.log()).contains("acks.abandoned");
            // nothing more comes: the answer is final
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> session.replies().size() == 2);
            assertThat(ReadOnlyReads.read(session.paths.outboundDb(),
                    c -> Sql.longValue(c, "SELECT count(*) FROM messages_out WHERE id LIKE 'doomed-%'")).value())
                    .isZero();
        }
    }

    private boolean ackIs(String messageId, AckStatus status) throws Exception {
        return session.ack(messageId).map(x -> x.status() == status).orElse(false);
    }

    private static String text(OutboundMessage m) {
        return Json.text(Json.parse(m.content()), "text");
    }

    private static List<JsonNode> batches(Path file) throws Exception {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Json::parse)
                .filter(n -> "batch".equals(Json.text(n, "type"))).toList();
    }
}
