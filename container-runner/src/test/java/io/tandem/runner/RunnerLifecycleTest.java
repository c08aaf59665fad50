package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.runner.testagent.ScriptedAgent;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.session.ExclusiveFileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** How a real runner process starts, refuses, and ends. */
class RunnerLifecycleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private SessionFixture session;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
    }

    @Test
    void a_second_runner_on_the_same_workspace_exits_with_code_6_and_leaves_the_first_ones_files_untouched()
            throws Exception {
        try (RunnerProcess first = session.startRunner("first")) {
            await("first runner ready").atMost(DEADLINE).until(() -> first.log().contains("agent.started"));
            Path out = session.paths.outDir();
            byte[] outbound = Files.readAllBytes(session.paths.outboundDb());
            var outboundMtime = Files.getLastModifiedTime(session.paths.outboundDb());
            List<String> outFiles = list(out);
            assertThat(ExclusiveFileLock.readPid(session.paths.runnerLock())).contains(first.pid());

            try (RunnerProcess second = session.startRunner("second")) {
                assertThat(second.awaitExit(DEADLINE)).isEqualTo(ExitCodes.ALREADY_RUNNING);
                assertThat(second.log().lines().toList()).singleElement().asString()
                        .contains("another runner (pid " + first.pid() + ")").contains("runner.lock");
            }
            assertThat(first.isAlive()).isTrue();
            assertThat(ExclusiveFileLock.readPid(session.paths.runnerLock())).contains(first.pid());
            assertThat(Files.readAllBytes(session.paths.outboundDb())).isEqualTo(outbound);
            assertThat(Files.getLastModifiedTime(session.paths.outboundDb())).isEqualTo(outboundMtime);
            assertThat(list(out)).isEqualTo(outFiles);
            assertThat(ExclusiveFileLock.isFree(session.paths.runnerLock())).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void the_runner_exits_by_itself_when_its_stdin_reaches_eof_and_releases_its_lock(EchoMode mode)
            throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("runner ready").atMost(DEADLINE).until(() -> runner.log().contains("agent.started"));
            List<ProcessHandle> children = ProcessHandle.of(runner.pid()).orElseThrow().descendants().toList();
            assertThat(children).hasSize(mode.agentProcesses());

            runner.closeStdin();
            assertThat(runner.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCodes.OK);
            assertThat(ExclusiveFileLock.isFree(session.paths.runnerLock())).isTrue();
            await("agent gone").atMost(DEADLINE).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(runner.log()).contains("runner.exit").contains("reason=\"stdin.eof\"").contains("commits=");
            assertAgentThreadEndedCleanly(mode, runner);
        }
    }

    /** An in-process agent's thread returned at its stdin EOF (code 0) before the runner exited. */
    private static void assertAgentThreadEndedCleanly(EchoMode mode, RunnerProcess runner) {
        if (mode == EchoMode.IN_PROCESS) {
            String log = runner.log();
            assertThat(log).contains("agent.ended").doesNotContain("agent.failed").doesNotContain("agent.stop.");
            assertThat(log.indexOf("agent.ended")).isLessThan(log.indexOf("runner.exit"));
            assertThat(log.lines().filter(l -> l.contains("agent.ended"))).singleElement()
                    .satisfies(l -> assertThat(l).contains("code=\"0\""));
        }
    }

    @Test
    void batch_timeout_kills_a_silent_agent_and_exits_non_zero_leaving_the_ack_processing() throws Exception {
        session.writeSpec(SessionFixture.spec(SessionFixture.testAgent(ScriptedAgent.class, Map.of(), "silent"), 1500));
        String id = session.insertChat("anyone there?", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("batch started").atMost(DEADLINE).until(() -> session.ack(id).isPresent());
            List<ProcessHandle> children = ProcessHandle.of(runner.pid()).map(p -> p.descendants().toList())
                    .orElse(List.of());

            assertThat(runner.awaitExit(DEADLINE)).isEqualTo(ExitCodes.BATCH_TIMEOUT).isNotZero();
            assertThat(session.ack(id)).get().satisfies(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.PROCESSING);
                assertThat(a.attempt()).isZero();
            });
            assertThat(session.replies()).isEmpty();
            await("agent killed").atMost(DEADLINE).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(runner.log()).contains("batch.timeout");
        }
    }

    @Test
    void an_outbound_db_with_a_newer_user_version_makes_the_runner_exit_with_code_5() throws Exception {
        try (Connection c = SqliteOpener.openSession(session.paths.outboundDb(), Durability.PROCESS)) {
            Sql.exec(c, "PRAGMA user_version = 99");
        }
        try (RunnerProcess runner = session.startRunner("runner")) {
            assertThat(runner.awaitExit(DEADLINE)).isEqualTo(ExitCodes.NEWER_SESSION_FILE);
            assertThat(runner.log()).contains("TANDEM-E005").contains("outbound.db");
            assertThat(ExclusiveFileLock.isFree(session.paths.runnerLock())).isTrue();
        }
    }

    @Test
    void an_inbound_db_with_a_newer_user_version_makes_the_runner_exit_with_code_5() throws Exception {
        try (Connection c = SqliteOpener.openSession(session.paths.inboundDb(), Durability.PROCESS)) {
            Sql.exec(c, "PRAGMA user_version = 99");
        }
        try (RunnerProcess runner = session.startRunner("runner")) {
            assertThat(runner.awaitExit(DEADLINE)).isEqualTo(ExitCodes.NEWER_SESSION_FILE);
            assertThat(runner.log()).contains("TANDEM-E005").contains("inbound.db");
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void sigterm_stops_the_agent_releases_the_lock_and_exits_0(EchoMode mode) throws Exception {
        session.writeSpec(SessionFixture.spec(mode.agent(), 600_000));
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("runner ready").atMost(DEADLINE).until(() -> runner.log().contains("agent.started"));
            List<ProcessHandle> children = ProcessHandle.of(runner.pid()).orElseThrow().descendants().toList();

            runner.terminate();
            assertThat(runner.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCodes.OK);
            assertThat(ExclusiveFileLock.isFree(session.paths.runnerLock())).isTrue();
            assertThat(children).hasSize(mode.agentProcesses()).noneMatch(ProcessHandle::isAlive);
            assertThat(runner.log()).contains("runner.exit").contains("reason=\"signal\"");
            assertAgentThreadEndedCleanly(mode, runner);
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void the_runner_exits_0_by_itself_after_idle_exit_ms_with_nothing_due(EchoMode mode) throws Exception {
        var spec = SessionFixture.spec(mode.agent(), 600_000);
        session.writeSpec(new io.tandem.schema.session.ContainerSpec(spec.version(), spec.agentGroupId(),
                spec.sessionId(), spec.timezone(), spec.maxMessagesPerBatch(), spec.storage(), spec.agent(),
                new io.tandem.schema.session.ContainerSpec.Runner(200, 200, 1000, 600_000, true)));
        session.insertChat("not triggering", false);
        try (RunnerProcess runner = session.startRunner("runner")) {
            assertThat(runner.awaitExit(DEADLINE)).isEqualTo(ExitCodes.OK);
            assertThat(runner.log()).contains("runner.idle").contains("reason=\"idle\"");
            assertThat(ExclusiveFileLock.isFree(session.paths.runnerLock())).isTrue();
            assertAgentThreadEndedCleanly(mode, runner);
        }
    }

    @Test
    void the_heartbeat_file_is_touched_every_heartbeat_interval() throws Exception {
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("heartbeat exists").atMost(DEADLINE).until(() -> Files.exists(session.paths.heartbeat()));
            var first = Files.getLastModifiedTime(session.paths.heartbeat());
            await("heartbeat touched again").atMost(Duration.ofSeconds(5))
                    .until(() -> Files.getLastModifiedTime(session.paths.heartbeat()).compareTo(first) > 0);
            assertThat(runner.isAlive()).isTrue();
        }
    }

    @Test
    void an_agent_that_dies_during_a_batch_twice_is_restarted_once_then_the_batch_fails_and_the_runner_keeps_running()
            throws Exception {
        session.writeSpec(SessionFixture.spec(SessionFixture.testAgent(ScriptedAgent.class, Map.of(), "crash"),
                600_000));
        String id = session.insertChat("boom", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("failed ack").atMost(DEADLINE).until(() -> session.ack(id).map(a -> a.status() == AckStatus.FAILED)
                    .orElse(false));
            assertThat(session.ack(id)).get().extracting(a -> a.error()).asString()
                    .contains("the agent exited twice during batch").contains("exit code 3");
            assertThat(runner.log()).contains("agent.exited").contains("agent_exit=\"3\"").contains("agent.restarted");
            assertThat(runner.isAlive()).isTrue();
        }
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
