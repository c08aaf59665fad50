package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.testagent.ScriptedAgent;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.time.Timestamps;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages through a real runner process and a real agent, checked in the real files; the echo
 * protocol tests run with the echo agent in the runner's JVM and as a separate process.
 */
class RunnerMessageFlowTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    SessionFixture session;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
    }

    /** The session's runner; a subclass runs the same tests with the session in a shared runner JVM. */
    SessionRunner startRunner(String name) throws Exception {
        return session.startRunner(name);
    }

    /** A runner of the session with exactly {@code env} as its JVM's environment. */
    SessionRunner startRunner(String name, Map<String, String> env) throws Exception {
        return session.startRunner(name, env);
    }

    private boolean ackIs(String messageId, AckStatus status) throws Exception {
        return session.ack(messageId).map(a -> a.status() == status).orElse(false);
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void a_pending_chat_message_gets_an_echo_reply_with_an_odd_seq_and_a_completed_ack_of_its_attempt(EchoMode mode)
            throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        String id = session.insertMessage("hello", true, 2, "pending", null);
        long inSeq = session.seqOf(id);
        try (SessionRunner runner = startRunner("runner")) {
            await("completed ack").atMost(DEADLINE).until(() -> ackIs(id, AckStatus.COMPLETED));

            List<OutboundMessage> replies = session.replies();
            assertThat(replies).hasSize(1);
            OutboundMessage reply = replies.get(0);
            assertThat(reply.seq() % 2).isEqualTo(1);
            assertThat(reply.seq()).isGreaterThan(inSeq);
            assertThat(reply.inReplyTo()).isEqualTo(id);
            assertThat(reply.channelType()).isEqualTo(SessionFixture.CHANNEL);
            assertThat(reply.platformId()).isEqualTo(SessionFixture.CHAT);
            assertThat(reply.threadId()).isEqualTo("th-1");
            assertThat(Json.text(Json.parse(reply.content()), "text")).isEqualTo("echo: hello");
            assertThat(session.ack(id)).get().extracting(ProcessingAck::attempt).isEqualTo(2);

            Path db = session.paths.outboundDb();
            assertThat(ReadOnlyReads.read(db, c -> SqliteOpener.pragma(c, "journal_mode")).value())
                    .isEqualToIgnoringCase("delete");
            byte[] header = new byte[20];
            try (InputStream in = Files.newInputStream(db)) {
                assertThat(in.readNBytes(header, 0, 20)).isEqualTo(20);
            }
            assertThat(header[18]).as("file format write version 1 = rollback journal, not WAL").isEqualTo((byte) 1);
            assertThat(db.resolveSibling("outbound.db-journal")).doesNotExist();
            assertThat(db.resolveSibling("outbound.db-wal")).doesNotExist();
            assertThat(db.resolveSibling("outbound.db.new")).doesNotExist();
            assertThat(runner.log()).contains("reply.written").contains("session=\"s-test\"");
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void trigger_0_rows_do_not_start_a_batch_alone_but_ride_along_with_the_next_trigger_1_row(EchoMode mode)
            throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        String quiet = session.insertChat("context", false);
        try (SessionRunner runner = startRunner("runner")) {
            await("agent started").atMost(DEADLINE).until(() -> runner.log().contains("agent.started"));
            await("no batch for trigger=0 alone").during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5))
                    .until(() -> session.ack(quiet).isEmpty() && session.replies().isEmpty());

            String loud = session.insertChat("question", true);
            await("both acked").atMost(DEADLINE)
                    .until(() -> ackIs(quiet, AckStatus.COMPLETED) && ackIs(loud, AckStatus.COMPLETED));
            List<OutboundMessage> replies = session.replies();
            assertThat(replies).extracting(r -> Json.text(Json.parse(r.content()), "text"))
                    .containsExactly("echo: context", "echo: question");
            assertThat(replies).extracting(OutboundMessage::inReplyTo).as("echo replies to each message it echoes")
                    .containsExactly(quiet, loud);
        }
    }

    @Test
    void acks_the_host_has_synced_are_pruned_at_start_and_unsynced_ones_are_kept() throws Exception {
        String future = Timestamps.format(Instant.now().plus(Duration.ofHours(1)));
        String retried = session.insertMessage("retried", true, 1, "pending", future);
        String finished = session.insertMessage("finished", true, 0, "completed", null);
        String failed = session.insertMessage("failed", true, 2, "failed", null);
        String unsynced = session.insertMessage("not synced yet", true, 0, "pending", future);
        String now = Timestamps.format(Instant.now());
        try (Connection c = SqliteOpener.openSession(session.paths.outboundDb(), Durability.PROCESS)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> {
                Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed)"
                        + " VALUES (?, 0, 'processing', ?)", retried, now);
                Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed)"
                        + " VALUES (?, 0, 'completed', ?)", finished, now);
                Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed)"
                        + " VALUES (?, 2, 'failed', ?)", failed, now);
                Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed)"
                        + " VALUES (?, 0, 'completed', ?)", unsynced, now);
                Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed)"
                        + " VALUES ('m-gone', 0, 'completed', ?)", now);
                return null;
            });
        }
        try (SessionRunner runner = startRunner("runner")) {
            await("synced acks pruned").atMost(DEADLINE).until(() -> session.ack(retried).isEmpty()
                    && session.ack(finished).isEmpty() && session.ack(failed).isEmpty());
            assertThat(session.ack(unsynced)).get().satisfies(a -> {
                assertThat(a.attempt()).isZero();
                assertThat(a.status()).isEqualTo(AckStatus.COMPLETED);
            });
            assertThat(session.ack("m-gone")).as("a row inbound.db does not have is kept").isPresent();
            assertThat(runner.log()).contains("acks.pruned");
        }
    }

    @Test
    void a_running_runner_prunes_an_ack_once_the_host_has_synced_it_when_idle() throws Exception {
        String id = session.insertChat("prune me later", true);
        try (SessionRunner runner = startRunner("runner")) {
            await("completed").atMost(DEADLINE).until(() -> ackIs(id, AckStatus.COMPLETED));
            session.setStatus(id, "completed", 0); // the host's ack sync
            // the idle prune runs at most every 30 s after a batch; nothing else deletes the ack
            await("ack pruned while running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> session.ack(id).isEmpty());
            assertThat(runner.isAlive()).isTrue();
            assertThat(runner.log()).contains("acks.pruned");
        }
    }

    @Test
    void an_exec_agent_gets_ok_false_for_an_unknown_destination_and_a_malformed_line_and_the_runner_keeps_running()
            throws Exception {
        Path results = tmp.resolve("agent-input.jsonl");
        session.writeSpec(SessionFixture.spec(
                SessionFixture.testAgent(ScriptedAgent.class, Map.of("RESULTS_FILE", results.toString()), "refusals"),
                600_000));
        String first = session.insertChat("first", true);
        try (SessionRunner runner = startRunner("runner")) {
            await("first acked").atMost(DEADLINE).until(() -> ackIs(first, AckStatus.COMPLETED));
            await("three results").atMost(DEADLINE).until(() -> results(results).size() >= 3);

            List<JsonNode> answers = results(results);
            assertThat(answers).anySatisfy(r -> {
                assertThat(Json.text(r, "ref")).isEqualTo("to-nowhere");
                assertThat(r.path("ok").asBoolean()).isFalse();
                assertThat(Json.text(r, "error")).startsWith("unknown destination 'nowhere'");
            });
            assertThat(answers).anySatisfy(r -> {
                assertThat(r.get("ref").isNull()).isTrue();
                assertThat(r.path("ok").asBoolean()).isFalse();
                assertThat(Json.text(r, "error")).startsWith("malformed line");
            });
            assertThat(answers).anySatisfy(r -> {
                assertThat(Json.text(r, "ref")).startsWith("ok-");
                assertThat(r.path("ok").asBoolean()).isTrue();
                assertThat(r.path("seq").asLong() % 2).isEqualTo(1);
            });
            assertThat(session.replies()).extracting(r -> Json.text(Json.parse(r.content()), "text"))
                    .containsExactly("still here: first");

            String second = session.insertChat("second", true);
            await("second acked").atMost(DEADLINE).until(() -> ackIs(second, AckStatus.COMPLETED));
            assertThat(session.replies()).hasSize(2);
            assertThat(runner.isAlive()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void a_reply_within_the_pickup_delay_commits_the_processing_acks_with_the_reply_and_final_acks(EchoMode mode)
            throws Exception {
        // 1: building outbound.db, 2: processing acks + reply row + completed acks together
        assertThat(commitsOfOneRoundTrip(mode, 600_000)).contains("commits=\"2\"");
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void a_batch_without_output_by_the_pickup_delay_commits_its_processing_acks_alone_first(EchoMode mode)
            throws Exception {
        // 1: building outbound.db, 2: processing acks, 3: reply row + completed acks together
        assertThat(commitsOfOneRoundTrip(mode, 0)).contains("commits=\"3\"");
    }

    /** The runner's log after one answered message and a clean exit, its pickup delay set to {@code delayMs}. */
    private String commitsOfOneRoundTrip(EchoMode mode, long delayMs) throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        String id = session.insertChat("count my commits", true);
        try (SessionRunner runner = startRunner("runner", pickupDelay(delayMs))) {
            await("completed").atMost(DEADLINE).until(() -> ackIs(id, AckStatus.COMPLETED));
            runner.closeStdin();
            assertThat(runner.awaitExit(DEADLINE)).isZero();
            assertThat(session.replies()).singleElement().extracting(OutboundMessage::inReplyTo).isEqualTo(id);
            return runner.log();
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void with_the_fallback_poll_far_away_rows_behind_a_full_batch_and_rows_written_later_are_answered_at_once(
            EchoMode mode) throws Exception {
        // the poll (10 min) cannot pick anything up within the deadline: the rows left behind a full
        // batch need the scan after it, the row written later needs the watch's wake
        session.writeSpec(SessionFixture.specBatchedAndPolled(mode.agent(), 1, 600_000));
        List<String> first = List.of(session.insertChat("one", true), session.insertChat("two", true),
                session.insertChat("three", true));
        try (SessionRunner runner = startRunner("runner")) {
            for (String id : first) {
                await("answered " + id).atMost(DEADLINE).until(() -> ackIs(id, AckStatus.COMPLETED));
            }
            String later = session.insertChat("later", true);
            await("answered later").atMost(DEADLINE).until(() -> ackIs(later, AckStatus.COMPLETED));
            assertThat(session.replies()).hasSize(4);
        }
    }

    /** The inherited environment with the runner's pickup delay set to {@code millis}. */
    static Map<String, String> pickupDelay(long millis) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("TANDEM_RUNNER_PICKUP_DELAY_MS", Long.toString(millis));
        return env;
    }

    @Test
    void state_is_saved_and_handed_back_in_the_next_hello_and_sends_to_destinations_are_addressed()
            throws Exception {
        Path inputs = tmp.resolve("agent-input.jsonl");
        session.addDestination("ops", "channel", "http", "ops-room", null);
        session.addDestination("peer", "agent", null, null, "ag-peer");
        session.writeSpec(SessionFixture.spec(
                SessionFixture.testAgent(ScriptedAgent.class, Map.of("RESULTS_FILE", inputs.toString()), "stateful"),
                600_000));
        String id = session.insertChat("remember me", true);
        try (SessionRunner runner = startRunner("first")) {
            await("failed ack").atMost(DEADLINE).until(() -> ackIs(id, AckStatus.FAILED));
            assertThat(session.ack(id)).get().extracting(ProcessingAck::error).isEqualTo("partly");
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).extracting(OutboundMessage::channelType, OutboundMessage::platformId,
                    OutboundMessage::threadId).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("http", "ops-room", null),
                            org.assertj.core.groups.Tuple.tuple("agent", "ag-peer", null));
            assertThat(rows).allSatisfy(r -> assertThat(r.inReplyTo()).isEqualTo(id));
            runner.closeStdin();
            assertThat(runner.awaitExit(DEADLINE)).isZero();
        }
        try (SessionRunner runner = startRunner("second")) {
            await("second hello").atMost(DEADLINE).until(() -> lines(inputs).stream()
                    .filter(n -> "hello".equals(Json.text(n, "type"))).count() == 2);
            JsonNode hello = lines(inputs).stream().filter(n -> "hello".equals(Json.text(n, "type")))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(Json.text(hello.path("state"), "last")).isEqualTo("remember me");
            assertThat(hello.path("destinations")).extracting(d -> Json.text(d, "name"))
                    .containsExactly("ops", "peer");
            assertThat(Json.text(hello, "session_id")).isEqualTo("s-test");
            assertThat(runner.isAlive()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void slash_clear_forgets_the_session_state_and_replies_session_cleared_while_earlier_rows_get_their_own_batch(EchoMode mode)
            throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        String now = Timestamps.format(Instant.now());
        try (Connection c = SqliteOpener.openSession(session.paths.outboundDb(), Durability.PROCESS)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO session_state(key, value, updated_at) VALUES ('k', 'v', ?)",
                    now));
        }
        String before = session.insertChat("before", true);
        String clear = session.insertChat(" /clear ", true);
        try (SessionRunner runner = startRunner("runner")) {
            await("clear acked").atMost(DEADLINE).until(() -> ackIs(clear, AckStatus.COMPLETED));
            assertThat(session.ack(before)).get().extracting(ProcessingAck::status).isEqualTo(AckStatus.COMPLETED);
            assertThat(session.replies()).extracting(r -> Json.text(Json.parse(r.content()), "text"),
                    OutboundMessage::inReplyTo).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("echo: before", before),
                            org.assertj.core.groups.Tuple.tuple("Session cleared.", clear));
            assertThat(ReadOnlyReads.read(session.paths.outboundDb(),
                    c -> Sql.longValue(c, "SELECT count(*) FROM session_state")).value()).isZero();
            assertThat(runner.log()).contains("session.cleared");
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void with_the_watch_disabled_the_fallback_poll_still_delivers(EchoMode mode) throws Exception {
        var spec = SessionFixture.spec(mode.agent(), 600_000);
        session.writeSpec(new io.tandem.schema.session.ContainerSpec(spec.version(), spec.agentGroupId(),
                spec.sessionId(), spec.timezone(), spec.maxMessagesPerBatch(), spec.storage(), spec.agent(),
                new io.tandem.schema.session.ContainerSpec.Runner(100, 200, 60_000, 600_000, false)));
        try (SessionRunner runner = startRunner("runner")) {
            await("runner ready").atMost(DEADLINE).until(() -> runner.log().contains("agent.started"));
            String id = session.insertChat("polled", true);
            await("completed").atMost(DEADLINE).until(() -> ackIs(id, AckStatus.COMPLETED));
            assertThat(session.replies()).singleElement().extracting(OutboundMessage::inReplyTo).isEqualTo(id);
        }
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Json::parse).toList();
    }

    private static List<JsonNode> results(Path file) throws Exception {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Json::parse)
                .filter(n -> "result".equals(Json.text(n, "type"))).toList();
    }
}
