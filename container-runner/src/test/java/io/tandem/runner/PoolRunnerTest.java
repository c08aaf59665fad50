package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.runner.testagent.StderrEchoAgent;
import io.tandem.schema.json.Json;
import io.tandem.schema.pool.PoolEvent;
import io.tandem.schema.pool.PoolEventKind;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.session.ExclusiveFileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real shared runner JVM ({@code tandem-runner --pool}) serving several sessions of one group,
 * driven over its stdin and read on its stdout as the host does: each session keeps its own lock,
 * loop, agent and log; stop, kill, a second start and bad lines touch only what they name; stdin
 * EOF ends them all and the JVM.
 */
class PoolRunnerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern AGENT_PID = Pattern.compile("agent=\"pid (\\d+) ");

    @TempDir
    Path tmp;

    private List<SessionFixture> sessions(EchoMode mode, String... ids) throws Exception {
        List<SessionFixture> out = new ArrayList<>();
        for (String id : ids) {
            out.add(SessionFixture.create(tmp, id, mode));
        }
        return out;
    }

    private Path log(String session) {
        return tmp.resolve("logs").resolve(session + ".log");
    }

    private String logOf(String session) throws Exception {
        Path p = log(session);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private static boolean ackIs(SessionFixture s, String id, AckStatus status) throws Exception {
        return s.ack(id).map(a -> a.status() == status).orElse(false);
    }

    private static void answers(SessionFixture s, String text) throws Exception {
        String id = s.insertChat(text, true);
        await(s.spec().sessionId() + " answers " + text).atMost(DEADLINE).until(() -> ackIs(s, id, AckStatus.COMPLETED));
        assertThat(s.replies()).extracting(r -> Json.text(Json.parse(r.content()), "text")).contains("echo: " + text);
    }

    private PoolProcess startPool(SessionFixture any) throws Exception {
        // a pickup delay no reply here outlasts: the commit counts below do not depend on timing
        PoolProcess pool = PoolProcess.start(any.group, tmp.resolve("logs").resolve("pool.log"),
                RunnerMessageFlowTest.pickupDelay(600_000));
        PoolEvent ready = pool.awaitEvent(PoolEventKind.READY, 1, DEADLINE);
        assertThat(ready.pid()).isEqualTo(pool.pid());
        return pool;
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void one_jvm_serves_three_sessions_each_with_its_own_lock_and_log_and_stop_ends_only_its_session(EchoMode mode)
            throws Exception {
        List<SessionFixture> all = sessions(mode, "s-a", "s-b", "s-c");
        try (PoolProcess pool = startPool(all.get(0))) {
            for (SessionFixture s : all) {
                pool.start(s, log(s.spec().sessionId()));
            }
            for (SessionFixture s : all) {
                answers(s, "hi " + s.spec().sessionId());
                assertThat(ExclusiveFileLock.readPid(s.paths.runnerLock())).contains(pool.pid());
                assertThat(ExclusiveFileLock.isFree(s.paths.runnerLock())).isFalse();
            }
            assertThat(pool.handle().children().count()).isEqualTo(3L * mode.agentProcesses());
            for (SessionFixture s : all) {
                String own = s.spec().sessionId();
                String log = logOf(own);
                assertThat(log).contains("runner.start").contains("reply.written").contains("session=\"" + own + "\"");
                all.stream().map(o -> o.spec().sessionId()).filter(o -> !o.equals(own))
                        .forEach(o -> assertThat(log).doesNotContain("session=\"" + o + "\""));
            }
            assertThat(pool.poolLog()).contains("pool.start").contains("pool.session.start")
                    .doesNotContain("runner.start").doesNotContain("reply.written");

            pool.stop("s-a");
            PoolEvent exited = pool.awaitExit("s-a", 1, DEADLINE);
            assertThat(exited.code()).isEqualTo(ExitCodes.OK);
            assertThat(exited.reason()).isEqualTo("stop");
            assertThat(ExclusiveFileLock.isFree(all.get(0).paths.runnerLock())).isTrue();
            // 1: building outbound.db, 2: processing + reply + completed acks; none of the others'
            assertThat(logOf("s-a")).contains("runner.exit").contains("commits=\"2\"");
            assertThat(pool.isAlive()).isTrue();
            answers(all.get(1), "still here");
            answers(all.get(2), "me too");
            assertThat(pool.exits("s-b")).isEmpty();

            pool.closeStdin();
            assertThat(pool.awaitProcessExit(DEADLINE)).isZero();
            assertThat(pool.exits("s-b")).singleElement().extracting(PoolEvent::code).isEqualTo(ExitCodes.OK);
            assertThat(pool.exits("s-c")).singleElement().extracting(PoolEvent::code).isEqualTo(ExitCodes.OK);
            for (SessionFixture s : all) {
                assertThat(ExclusiveFileLock.isFree(s.paths.runnerLock())).isTrue();
            }
            assertThat(pool.strayLines()).as("stdout carries only events").isEmpty();
        }
    }

    @Test
    void kill_ends_one_session_and_its_agent_at_once_a_second_start_exits_6_and_bad_lines_are_refused()
            throws Exception {
        List<SessionFixture> all = sessions(EchoMode.PROCESS, "s-a", "s-b");
        SessionFixture a = all.get(0);
        SessionFixture b = all.get(1);
        a.writeSpec(SessionFixture.spec("s-a", SessionFixture.testAgent(StderrEchoAgent.class, Map.of()), 600_000));
        try (PoolProcess pool = startPool(a)) {
            pool.start(a, log("s-a"));
            pool.start(b, log("s-b"));
            answers(a, "first");
            answers(b, "first");

            pool.start(a, log("s-a"));
            assertThat(pool.awaitExit("s-a", 1, DEADLINE).code()).isEqualTo(ExitCodes.ALREADY_RUNNING);
            assertThat(ExclusiveFileLock.isFree(a.paths.runnerLock())).as("the running one keeps its lock").isFalse();
            answers(a, "still running");

            pool.send("not json at all");
            pool.send("{\"op\":\"stop\",\"session\":\"nobody\"}");
            pool.send("{\"op\":\"explode\",\"session\":\"s-a\"}");
            pool.send("{\"op\":\"start\",\"session\":\"s-x\",\"workspace\":\"relative/path\",\"log\":\"/tmp/x.log\"}");
            pool.send("x".repeat(100_000));
            pool.send(io.tandem.schema.pool.PoolCommand.start("s-b2", b.workspace, Path.of("/proc/1/nowhere/s.log")).toLine());
            PoolEvent noLog = pool.awaitExit("s-b2", 1, DEADLINE);
            assertThat(noLog.code()).isEqualTo(ExitCodes.FATAL);
            assertThat(noLog.reason()).contains("/proc/1/nowhere/s.log");
            assertThat(ExclusiveFileLock.isFree(b.paths.runnerLock())).as("s-b, not touched").isFalse();
            // runner.start.failed names no session: the session's thread group takes it to its log
            pool.send(io.tandem.schema.pool.PoolCommand.start("s-y", tmp.resolve("no-such-session"), log("s-y")).toLine());
            assertThat(pool.awaitExit("s-y", 1, DEADLINE).code()).isEqualTo(ExitCodes.FATAL);
            assertThat(logOf("s-y")).contains("runner.start.failed").contains("no-such-session");
            assertThat(pool.poolLog()).doesNotContain("runner.start.failed");
            List<PoolEvent> refused = List.of(pool.awaitEvent(PoolEventKind.REFUSED, 1, DEADLINE),
                    pool.awaitEvent(PoolEventKind.REFUSED, 2, DEADLINE), pool.awaitEvent(PoolEventKind.REFUSED, 3, DEADLINE),
                    pool.awaitEvent(PoolEventKind.REFUSED, 4, DEADLINE), pool.awaitEvent(PoolEventKind.REFUSED, 5, DEADLINE));
            assertThat(refused).extracting(PoolEvent::session).containsExactly(null, "nobody", "s-a", "s-x", null);
            assertThat(refused.get(1).reason()).contains("nobody").contains("not running");
            assertThat(refused.get(2).reason()).contains("explode");
            assertThat(refused.get(3).reason()).contains("workspace must be an absolute path");
            assertThat(refused.get(4).reason()).contains("longer than");
            assertThat(pool.poolLog()).contains("pool.refused");
            answers(b, "after bad lines");

            long agentPid = agentPid(logOf("s-a"));
            ProcessHandle agent = ProcessHandle.of(agentPid).orElseThrow();
            pool.kill("s-a");
            PoolEvent killed = pool.awaitExit("s-a", 2, Duration.ofSeconds(30));
            assertThat(killed.code()).isEqualTo(ExitCodes.FATAL);
            assertThat(killed.reason()).isEqualTo("kill");
            await("killed agent gone").atMost(DEADLINE).until(() -> !agent.isAlive());
            assertThat(ExclusiveFileLock.isFree(a.paths.runnerLock())).isTrue();
            assertThat(pool.isAlive()).isTrue();
            answers(b, "after the kill");

            assertThat(logOf("s-a")).contains("agent-stderr says hello from s-a");
            assertThat(pool.poolLog()).doesNotContain("agent-stderr");

            pool.start(a, log("s-a"));
            answers(a, "back again");
            assertThat(pool.strayLines()).isEmpty();
        }
    }

    @Test
    void sessions_refused_at_start_exit_with_their_runner_codes_and_the_pool_serves_the_others() throws Exception {
        List<SessionFixture> all = sessions(EchoMode.IN_PROCESS, "s-a", "s-b", "s-c");
        SessionFixture a = all.get(0);
        SessionFixture c = all.get(2);
        try (java.sql.Connection conn = io.tandem.schema.db.SqliteOpener.openSession(c.paths.outboundDb(),
                io.tandem.schema.db.Durability.PROCESS)) {
            io.tandem.schema.db.Sql.exec(conn, "PRAGMA user_version = 99");
        }
        try (RunnerProcess own = a.startRunner("own"); PoolProcess pool = startPool(a)) {
            await("own runner holds the lock").atMost(DEADLINE)
                    .until(() -> ExclusiveFileLock.readPid(a.paths.runnerLock()).orElse(-1L) == own.pid());
            pool.start(a, log("s-a"));
            pool.start(all.get(1), log("s-b"));
            assertThat(pool.awaitExit("s-a", 1, DEADLINE).code()).isEqualTo(ExitCodes.ALREADY_RUNNING);
            assertThat(logOf("s-a")).contains("runner.already_running").contains("holder_pid=\"" + own.pid() + "\"");
            assertThat(own.isAlive()).isTrue();
            assertThat(ExclusiveFileLock.readPid(a.paths.runnerLock())).contains(own.pid());
            answers(all.get(1), "served");
            answers(a, "by its own runner");

            pool.start(c, log("s-c"));
            assertThat(pool.awaitExit("s-c", 1, DEADLINE).code()).isEqualTo(ExitCodes.NEWER_SESSION_FILE);
            assertThat(logOf("s-c")).contains("TANDEM-E005").contains("outbound.db");
            assertThat(ExclusiveFileLock.isFree(c.paths.runnerLock())).isTrue();
            answers(all.get(1), "still served");
        }
    }

    @Test
    void sigterm_stops_every_session_cleanly_and_the_pool_exits_0() throws Exception {
        List<SessionFixture> all = sessions(EchoMode.IN_PROCESS, "s-a", "s-b");
        try (PoolProcess pool = startPool(all.get(0))) {
            for (SessionFixture s : all) {
                pool.start(s, log(s.spec().sessionId()));
                answers(s, "before the signal");
            }
            pool.handle().destroy();
            assertThat(pool.awaitProcessExit(DEADLINE)).isZero();
            for (SessionFixture s : all) {
                String id = s.spec().sessionId();
                assertThat(pool.exits(id)).singleElement().extracting(PoolEvent::code).isEqualTo(ExitCodes.OK);
                assertThat(ExclusiveFileLock.isFree(s.paths.runnerLock())).isTrue();
                assertThat(logOf(id)).contains("runner.exit").contains("reason=\"signal\"");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EchoMode.class)
    void sessions_that_ended_leave_no_thread_nor_agent_behind_in_the_pool(EchoMode mode) throws Exception {
        List<SessionFixture> all = sessions(mode, "s-a", "s-b", "s-c");
        try (PoolProcess pool = startPool(all.get(0))) {
            for (SessionFixture s : all) {
                pool.start(s, log(s.spec().sessionId()));
            }
            for (SessionFixture s : all) {
                answers(s, "one");
            }
            assertThat(sessionThreads(pool)).as("threads while serving").isNotEmpty();
            for (SessionFixture s : all) {
                pool.stop(s.spec().sessionId());
            }
            for (SessionFixture s : all) {
                assertThat(pool.awaitExit(s.spec().sessionId(), 1, DEADLINE).code()).isEqualTo(ExitCodes.OK);
            }
            await("session threads gone").atMost(DEADLINE).until(() -> sessionThreads(pool).isEmpty());
            await("agent processes gone").atMost(DEADLINE).until(() -> pool.handle().children().count() == 0);
            assertThat(pool.isAlive()).isTrue();
        }
    }

    /** The pool's threads a session made (its run, its agent's pipes, an in-process agent), by their native names. */
    private static List<String> sessionThreads(PoolProcess pool) throws Exception {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pool.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("session-") || name.startsWith("agent-")) {
                        names.add(name);
                    }
                } catch (java.io.IOException e) {
                    // the thread ended while listing
                }
            }
        }
        return names;
    }

    private static long agentPid(String log) {
        Matcher m = AGENT_PID.matcher(log);
        long pid = -1;
        while (m.find()) {
            pid = Long.parseLong(m.group(1));
        }
        assertThat(pid).as("agent pid in the session log").isPositive();
        return pid;
    }
}
