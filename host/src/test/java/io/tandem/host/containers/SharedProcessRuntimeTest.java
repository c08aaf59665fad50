package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tandem.host.config.ConfigLoader;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.support.JavaProcesses;
import io.tandem.host.support.SessionFiles;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PooledRunner}'s process semantics against a real shared runner JVM (the built
 * {@code tandem-runner.jar --pool}), with session folders prepared as the host prepares them: a
 * session's exit is its own, a stop or a kill ends that session only, the JVM's death ends every
 * session it ran, and a JVM without sessions ends after its linger.
 */
class SharedProcessRuntimeTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String GROUP = "g1";

    @TempDir
    Path tmp;
    private Path data;
    private Path groupDir;
    private TandemConfig config;
    private SharedProcessRuntime runtime;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("data");
        groupDir = data.resolve("groups").resolve(GROUP);
        Files.createDirectories(groupDir);
        config = ConfigLoader.load(null, Map.of("TANDEM_RUNNER__HEARTBEAT_INTERVAL", "500ms"),
                Map.of("data_dir", data.toString()));
        runtime = runtime(Duration.ofSeconds(60));
    }

    private SharedProcessRuntime runtime(Duration linger) {
        Path jar = JavaProcesses.runnerJar();
        return new SharedProcessRuntime(jar, RunnerJvm.plain(jar, config.containers().sharedJvmArgs()),
                data.resolve("logs"), linger, System.getenv());
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        await("every run ended with its JVM").atMost(Duration.ofSeconds(10))
                .until(() -> started.stream().noneMatch(Process::isAlive));
    }

    @Test
    void twoSessionsShareOneJvmAndAStopEndsOnlyItsOwnSession() throws Exception {
        SessionPaths s1 = session("s1");
        SessionPaths s2 = session("s2");
        Process p1 = start(s1);
        Process p2 = start(s2);
        assertThat(p1.pid()).as("one JVM for the group").isEqualTo(p2.pid());
        assertThat(runtime.pids()).containsExactly(p1.pid());
        awaitRunning(s1, p1);
        awaitRunning(s2, p2);

        assertThatThrownBy(p1::exitValue).isInstanceOf(IllegalThreadStateException.class);
        assertThat(p1.waitFor(50, TimeUnit.MILLISECONDS)).isFalse();
        var exit1 = p1.onExit();
        p1.destroy();
        assertThat(p1.waitFor(30, TimeUnit.SECONDS)).as("stop ends the session").isTrue();
        assertThat(p1.exitValue()).isZero();
        assertThat(exit1.get(10, TimeUnit.SECONDS)).isSameAs(p1);
        assertThat(ExclusiveFileLock.isFree(s1.runnerLock())).as("its lock is released").isTrue();

        assertThat(p2.isAlive()).as("the other session runs on").isTrue();
        assertThat(ProcessHandle.of(p2.pid()).map(ProcessHandle::isAlive)).contains(true);
        new SessionFiles(data, GROUP, "s2", "http", "chat-s2").chatIn("http", "chat-s2", "still there");
        await("s2 answers").atMost(LONG).until(() -> replies(s2).contains("echo: still there"));

        p2.getOutputStream().close(); // the lifeline: closing it stops the session
        assertThat(p2.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p2.exitValue()).isZero();
        assertThat(ExclusiveFileLock.isFree(s2.runnerLock())).isTrue();
    }

    @Test
    void aKillEndsThatSessionOnlyAndExposesNoOtherSessionsProcesses() throws Exception {
        SessionPaths s1 = session("s1");
        SessionPaths s2 = session("s2");
        Process p1 = start(s1);
        Process p2 = start(s2);
        awaitRunning(s1, p1);
        awaitRunning(s2, p2);

        assertThat(p1.descendants()).isEmpty();
        assertThat(p1.children()).isEmpty();
        assertThatThrownBy(p1::toHandle).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("shares runner JVM " + p1.pid());

        runtime.kill("s1", p1);
        assertThat(p1.waitFor(30, TimeUnit.SECONDS)).as("kill ends the session").isTrue();
        assertThat(ExclusiveFileLock.isFree(s1.runnerLock())).isTrue();
        assertThat(p2.isAlive()).as("the other session is untouched").isTrue();
        assertThat(ProcessHandle.of(p2.pid()).map(ProcessHandle::isAlive)).as("the JVM lives on").contains(true);

        Process again = start(s1);
        assertThat(again.pid()).as("a new run of s1 joins the same JVM").isEqualTo(p2.pid());
        awaitRunning(s1, again);
    }

    @Test
    void aSessionWhoseLockIsHeldElsewhereEndsWithAlreadyRunning() throws Exception {
        SessionPaths s1 = session("s1");
        Process holder = JavaProcesses.builder("io.tandem.host.support.RunnerLockHolder", s1.runnerLock().toString())
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("locked");
            Process p1 = start(s1);
            assertThat(p1.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p1.exitValue()).isEqualTo(6);
            assertThat(ExclusiveFileLock.readPid(s1.runnerLock())).contains(holder.pid());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        Process p2 = start(s1);
        awaitRunning(s1, p2);
        Process twice = start(s1);
        assertThat(twice.waitFor(5, TimeUnit.SECONDS)).as("a second start of a running session").isTrue();
        assertThat(twice.exitValue()).isEqualTo(6);
        assertThat(p2.isAlive()).isTrue();
    }

    @Test
    void whenTheJvmDiesEverySessionItRanEndsAndTheNextStartGetsANewJvm() throws Exception {
        SessionPaths s1 = session("s1");
        SessionPaths s2 = session("s2");
        Process p1 = start(s1);
        Process p2 = start(s2);
        awaitRunning(s1, p1);
        awaitRunning(s2, p2);
        long pid = p1.pid();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThat(p1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p2.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p1.exitValue()).as("SIGKILL: 128 + 9").isEqualTo(137);
        assertThat(p2.exitValue()).isEqualTo(137);
        await().atMost(LONG).until(() -> runtime.pids().isEmpty());

        Process again = start(s1);
        assertThat(again.pid()).isNotEqualTo(pid);
        awaitRunning(s1, again);
    }

    @Test
    void aJvmWithoutSessionsEndsAfterItsLinger() throws Exception {
        runtime.close();
        runtime = runtime(Duration.ofSeconds(1));
        SessionPaths s1 = session("s1");
        Process p1 = start(s1);
        awaitRunning(s1, p1);
        ProcessHandle jvm = ProcessHandle.of(p1.pid()).orElseThrow();
        p1.destroy();
        assertThat(p1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        jvm.onExit().get(30, TimeUnit.SECONDS);
        assertThat(runtime.pids()).isEmpty();
        assertThat(Files.readString(data.resolve("logs").resolve("runner-pool-" + GROUP + ".log")))
                .as("the JVM's own log").isNotEmpty();
    }

    @Test
    void closingTheRuntimeStopsEverySessionAndEndsTheJvm() throws Exception {
        SessionPaths s1 = session("s1");
        Process p1 = start(s1);
        awaitRunning(s1, p1);
        ProcessHandle jvm = ProcessHandle.of(p1.pid()).orElseThrow();
        runtime.close();
        assertThat(jvm.isAlive()).as("close returns once the JVM is gone").isFalse();
        assertThat(p1.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p1.exitValue()).as("stdin EOF stops the session cleanly").isZero();
        assertThatThrownBy(() -> start(s1)).hasMessageContaining("stopping");
    }

    private SessionPaths session(String id) throws Exception {
        SessionFiles f = new SessionFiles(data, GROUP, id, "http", "chat-" + id);
        new ContainerSpecFactory(config).build(id, GROUP, null).writeAtomically(f.paths().containerJson());
        return f.paths();
    }

    private Process start(SessionPaths s) throws Exception {
        String id = s.root().getFileName().toString();
        Process p = runtime.start(new RunnerSpawn(id, s.root(), groupDir,
                data.resolve("logs").resolve("runner-" + id + ".log"), Optional.empty(), false));
        started.add(p);
        return p;
    }

    /** The session's run holds its lock (the JVM's pid in it) and beats. */
    private static void awaitRunning(SessionPaths s, Process p) {
        await("session " + s.root().getFileName() + " running").atMost(LONG).until(() -> p.isAlive()
                && ExclusiveFileLock.readPid(s.runnerLock()).map(pid -> pid == p.pid()).orElse(false)
                && Files.exists(s.heartbeat()));
    }

    private static List<String> replies(SessionPaths s) throws Exception {
        List<String> out = new ArrayList<>();
        if (!Files.exists(s.outboundDb())) {
            return out;
        }
        try (Connection c = SqliteOpener.openReadOnly(s.outboundDb());
             ResultSet rs = c.createStatement().executeQuery("SELECT content FROM messages_out")) {
            while (rs.next()) {
                out.add(io.tandem.schema.json.Json.parse(rs.getString(1)).path("text").asText());
            }
        }
        return out;
    }
}
