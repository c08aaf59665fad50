package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Built-in agents inside the runner's JVM: a session costs one process, and an agent bug takes the
 * path of an agent process that exited (restarted once per batch, then the batch fails) without
 * crashing the runner's own threads.
 */
class RunnerInProcessAgentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private SessionFixture session;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
    }

    private boolean ackIs(String messageId, AckStatus status) throws Exception {
        return session.ack(messageId).map(a -> a.status() == status).orElse(false);
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void a_runner_with_the_built_in_echo_agent_serves_a_message_as_one_process(EchoMode mode) throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        try (RunnerProcess runner = session.startRunner("runner")) {
            ProcessHandle handle = ProcessHandle.of(runner.pid()).orElseThrow();
            await("runner ready").atMost(DEADLINE).until(() -> runner.log().contains("agent.started"));
            assertThat(handle.children().count()).isEqualTo(mode.agentProcesses());

            String id = session.insertChat("one jvm?", true);
            AtomicLong mostChildren = new AtomicLong();
            await("completed").atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
                mostChildren.accumulateAndGet(handle.children().count(), Math::max);
                return ackIs(id, AckStatus.COMPLETED);
            });
            assertThat(runner.isAlive()).isTrue();
            mostChildren.accumulateAndGet(handle.children().count(), Math::max);
            assertThat(mostChildren.get()).as("most child processes seen while serving")
                    .isEqualTo(mode.agentProcesses());
            assertThat(session.replies()).extracting(r -> Json.text(Json.parse(r.content()), "text"))
                    .containsExactly("echo: one jvm?");
            assertThat(runner.log())
                    .contains(mode == EchoMode.IN_PROCESS ? "agent=\"in-process echo\"" : "agent=\"pid ");
        }
    }

    @Test
    void an_in_process_agent_that_throws_is_restarted_once_then_its_batch_fails_visibly_and_the_next_message_is_served()
            throws Exception {
        session.writeSpec(SessionFixture.spec(new ContainerSpec.Agent("faulty", List.of(), Map.of(), "."), 600_000));
        String boom = session.insertChat("boom", true);
        try (RunnerProcess runner = session.startRunner("first", FaultyAgentRunnerMain.class)) {
            await("boom failed").atMost(DEADLINE).until(() -> ackIs(boom, AckStatus.FAILED));
            assertThat(session.ack(boom)).get().extracting(a -> a.error()).asString()
                    .contains("the agent exited twice during batch");
            String log = runner.log();
            assertThat(log).contains("agent.failed").contains("faulty agent cannot handle boom")
                    .contains("IllegalStateException").contains("at io.tandem.runner.agent.FaultyAgent.serve");
            assertThat(log).contains("agent.exited").contains("agent_exit=\"1\"").contains("agent.restarted")
                    .contains("batch.resent").contains("batch.failed");
            assertThat(session.replies()).isEmpty();

            String next = session.insertChat("next", true);
            await("next completed").atMost(DEADLINE).until(() -> ackIs(next, AckStatus.COMPLETED));
            assertThat(session.replies()).extracting(r -> Json.text(Json.parse(r.content()), "text"))
                    .containsExactly("echo: next");
            assertThat(runner.isAlive()).isTrue();
        }
    }

    @Test
    void batch_timeout_ends_a_silent_in_process_agent_and_exits_non_zero_leaving_the_ack_processing()
            throws Exception {
        session.writeSpec(SessionFixture.spec(new ContainerSpec.Agent("silent", List.of(), Map.of(), "."), 1500));
        String id = session.insertChat("anyone?", true);
        try (RunnerProcess runner = session.startRunner("runner", FaultyAgentRunnerMain.class)) {
            assertThat(runner.awaitExit(DEADLINE)).isEqualTo(ExitCodes.BATCH_TIMEOUT);
            assertThat(session.ack(id)).get().extracting(a -> a.status()).isEqualTo(AckStatus.PROCESSING);
            String log = runner.log();
            assertThat(log).contains("batch.timeout").contains("agent.ended").doesNotContain("agent.stop.stuck");
            assertThat(log.indexOf("agent.ended")).isLessThan(log.indexOf("runner.exit"));
        }
    }
}
