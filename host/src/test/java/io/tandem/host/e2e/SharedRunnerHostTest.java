package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared runner JVM ({@code containers.process.shared}, the default) through a real host: one
 * JVM per group answers all of its chats, a session's run ends on its own while the group's other
 * session keeps answering, a killed JVM's sessions are recovered in a new one, a stale session is
 * killed without taking the JVM down, the host's stop ends the JVM, and {@code shared = false}
 * still runs one JVM per session.
 */
class SharedRunnerHostTest {
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void twoChatsOfOneGroupAreAnsweredByOneRunnerJvmWhichTheHostsStopEnds() throws Exception {
        Path data = twoChats();
        long pool;
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            answered(chat, "demo", "hello one");
            answered(chat, "second", "hello two");
            pool = onlyPool(host);
            assertThat(runnerJvms(host)).as("no per-session runner JVM").isEmpty();
            assertThat(lockPids(data)).as("both sessions' runner.lock name the one JVM")
                    .containsOnly(Optional.of(pool)).hasSize(2);
            DataInspector db = new DataInspector(data);
            await("each run is marked running at its own first heartbeat, though both share a pid").atMost(LONG)
                    .untilAsserted(() -> assertThat(db.central("SELECT container_status FROM sessions"))
                            .containsOnly(Map.of("container_status", "running")).hasSize(2));
            assertThat(host.stop()).isZero();
        }
        assertThat(ProcessHandle.of(pool).map(ProcessHandle::isAlive).orElse(false))
                .as("the host's stop ends the shared runner JVM").isFalse();
        for (SessionPaths s : sessions(data).values()) {
            assertThat(ExclusiveFileLock.isFree(s.runnerLock())).isTrue();
        }
        assertThat(Files.readString(data.resolve("logs").resolve("runner-pool-echo.log")))
                .doesNotContainIgnoringCase("exception");
    }

    @Test
    void aSessionsRunEndsOnItsOwnWhileTheOtherSessionOfTheGroupKeepsAnswering() throws Exception {
        Path data = twoChats();
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_RUNNER__IDLE_EXIT", "4s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            answered(chat, "demo", "first");
            answered(chat, "second", "tick 0");
            long pool = onlyPool(host);
            SessionPaths demo = sessions(data).get("demo");
            SessionPaths second = sessions(data).get("second");
            int[] tick = {1};
            await("demo's run idle-exits while second is kept busy").atMost(LONG).until(() -> {
                answered(chat, "second", "tick " + tick[0]++);
                return ExclusiveFileLock.isFree(demo.runnerLock());
            });
            assertThat(ExclusiveFileLock.readPid(second.runnerLock())).contains(pool);
            assertThat(ExclusiveFileLock.isFree(second.runnerLock())).as("second still runs").isFalse();
            assertThat(onlyPool(host)).as("the JVM lives on").isEqualTo(pool);
            answered(chat, "second", "after demo left");
            answered(chat, "demo", "back again");
            assertThat(ExclusiveFileLock.readPid(demo.runnerLock())).as("demo's new run joins the JVM")
                    .contains(pool);
            DataInspector db = new DataInspector(data);
            await("demo's new run in the same JVM is marked running again").atMost(LONG).untilAsserted(() ->
                    assertThat(db.central("SELECT container_status FROM sessions WHERE id = ?",
                            demo.root().getFileName().toString()))
                            .containsExactly(Map.of("container_status", "running")));
        }
    }

    @Test
    void aKilledRunnerJvmsSessionsAreRecoveredAndAnswerAgain() throws Exception {
        Path data = twoChats();
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            answered(chat, "demo", "before");
            answered(chat, "second", "before too");
            long pool = onlyPool(host);
            ProcessHandle jvm = ProcessHandle.of(pool).orElseThrow();
            jvm.destroyForcibly();
            jvm.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            await("the host saw both sessions end").atMost(LONG)
                    .until(() -> host.logText().split("runner_pool.session_lost", -1).length - 1 == 2);

            answered(chat, "demo", "after");
            answered(chat, "second", "after too");
            long again = onlyPool(host);
            assertThat(again).isNotEqualTo(pool);
            assertThat(lockPids(data)).containsOnly(Optional.of(again));
            DataInspector db = new DataInspector(data);
            for (SessionPaths s : sessions(data).values()) {
                await().atMost(LONG).untilAsserted(() -> assertThat(db.inbound(s,
                        "SELECT status FROM messages_in ORDER BY seq")).containsExactly(Map.of("status", "completed"),
                        Map.of("status", "completed")));
            }
        }
    }

    @Test
    void aStaleSessionIsKilledThroughItsOwnLineAndTheJvmLivesOn() throws Exception {
        Path data = tmp.resolve("data");
        Path marker = tmp.resolve("agent-took-batch");
        DataFolders.init(data);
        DataFolders.useTestAgent(data, List.of(), "io.tandem.host.testagents.StallOnceAgent", marker.toString());
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        // a heartbeat far apart: the session's liveness runs out 10 s after its start
        env.put("TANDEM_RUNNER__HEARTBEAT_INTERVAL", "1h");
        env.put("TANDEM_SWEEP__HEARTBEAT_STALE", "10s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "stuck").status()).isEqualTo(202);
            await().atMost(LONG).until(() -> Files.exists(marker));
            long pool = onlyPool(host);
            List<ProcessHandle> stalled = ProcessHandle.of(pool).orElseThrow().descendants()
                    .filter(p -> cmdline(p.pid()).contains("StallOnceAgent")).toList();
            assertThat(stalled).as("the agent holding the batch").hasSize(1);

            await("the stale session is killed").atMost(LONG).until(() -> host.logText().contains("runner.killed"));
            stalled.get(0).onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            JsonNode reply = awaitText(chat, "demo", "recovered: stuck");
            assertThat(reply).isNotNull();
            assertThat(ProcessHandle.of(pool).map(ProcessHandle::isAlive)).as("the JVM was not signalled")
                    .contains(true);
            assertThat(onlyPool(host)).isEqualTo(pool);
            assertThat(host.logText()).doesNotContain("runner_pool.killed");
        }
    }

    @Test
    void sharedFalseRunsOneRunnerJvmPerSession() throws Exception {
        Path data = twoChats();
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__PROCESS__SHARED", "false");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            answered(chat, "demo", "one");
            answered(chat, "second", "two");
            assertThat(poolJvms(host)).isEmpty();
            List<Long> runners = runnerJvms(host);
            assertThat(runners).hasSize(2);
            assertThat(lockPids(data)).containsExactlyInAnyOrder(Optional.of(runners.get(0)),
                    Optional.of(runners.get(1)));
        }
    }

    /** A data folder with the embedded echo group wired to two http chats: {@code demo} and {@code second}. */
    private Path twoChats() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.init(data);
        DataFolders.wireEchoChat(data, "second");
        return data;
    }

    /** Says {@code text} on {@code chatId} and waits for its echo. */
    private static void answered(ChatClient chat, String chatId, String text) throws Exception {
        assertThat(chat.say(chatId, "ann", text).status()).isEqualTo(202);
        awaitText(chat, chatId, "echo: " + text);
    }

    private static JsonNode awaitText(ChatClient chat, String chatId, String text) {
        return await().atMost(LONG).until(() -> {
            List<JsonNode> out = new ArrayList<>();
            chat.poll(chatId, 0, 0).body().path("events").forEach(out::add);
            return out.stream().filter(e -> e.path("text").asText().equals(text)).findFirst().orElse(null);
        }, Objects::nonNull);
    }

    /** Each chat's session folder, by chat id. */
    private static Map<String, SessionPaths> sessions(Path data) throws Exception {
        Map<String, SessionPaths> out = new LinkedHashMap<>();
        for (Map<String, Object> row : new DataInspector(data).central("SELECT s.id, s.agent_group_id, m.platform_id "
                + "FROM sessions s JOIN messaging_groups m ON m.id = s.messaging_group_id")) {
            out.put((String) row.get("platform_id"), SessionPaths.of(data, (String) row.get("agent_group_id"),
                    (String) row.get("id")));
        }
        return out;
    }

    private static List<Optional<Long>> lockPids(Path data) throws Exception {
        List<Optional<Long>> out = new ArrayList<>();
        for (SessionPaths s : sessions(data).values()) {
            out.add(ExclusiveFileLock.readPid(s.runnerLock()));
        }
        return out;
    }

    /** The host's one shared runner JVM (asserted to be the only one). */
    private static long onlyPool(HostProcess host) {
        List<Long> pools = poolJvms(host);
        assertThat(pools).as("shared runner JVMs of the host").hasSize(1);
        return pools.get(0);
    }

    /** Shared runner JVMs among the host's children ({@code -jar tandem-runner.jar --pool}). */
    private static List<Long> poolJvms(HostProcess host) {
        return runnerChildren(host, "--pool");
    }

    /** Per-session runner JVMs among the host's children ({@code -jar tandem-runner.jar --workspace}). */
    private static List<Long> runnerJvms(HostProcess host) {
        return runnerChildren(host, "--workspace");
    }

    private static List<Long> runnerChildren(HostProcess host, String mode) {
        return ProcessHandle.of(host.pid()).orElseThrow().children().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).filter(pid -> {
                    List<String> argv = List.of(cmdline(pid).split("\0"));
                    int jar = argv.indexOf("-jar");
                    return jar >= 0 && jar + 2 < argv.size() && argv.get(jar + 1).endsWith("tandem-runner.jar")
                            && argv.get(jar + 2).equals(mode);
                }).toList();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
