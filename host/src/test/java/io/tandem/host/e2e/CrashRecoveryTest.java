package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.cli.TandemCli;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of either process loses nothing; one host per data folder. */
class CrashRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void aRunnerKilledWhileItsAgentHoldsABatchIsRetriedAfterBackoffAndAnswered() throws Exception {
        Path data = tmp.resolve("data");
        Path marker = tmp.resolve("agent-took-batch");
        DataFolders.init(data);
        DataFolders.useTestAgent(data, List.of(), "io.tandem.host.testagents.StallOnceAgent", marker.toString());
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "are you there").status()).isEqualTo(202);
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    db.outbound(s, "SELECT status, attempt FROM processing_ack"))
                    .containsExactly(Map.of("status", "processing", "attempt", 0)));
            long runnerPid = ExclusiveFileLock.readPid(s.runnerLock()).orElseThrow();
            ProcessHandle runner = ProcessHandle.of(runnerPid).orElseThrow();
            runner.destroyForcibly();
            runner.onExit().get(30, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT tries FROM messages_in")).containsExactly(Map.of("tries", 1)));
            var event = chat.awaitEvent("demo", 0, 60);
            assertThat(event.path("text").asText()).isEqualTo("recovered: are you there");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT status, tries FROM messages_in"))
                    .containsExactly(Map.of("status", "completed", "tries", 1)));
            assertThat(db.outbound(s, "SELECT status, attempt FROM processing_ack"))
                    .containsExactly(Map.of("status", "completed", "attempt", 1));
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM delivered")).containsExactly(Map.of("n", 1));
        }
    }

    @Test
    void aKilledHostLeavesNoRunnerBehindAndTheRestartedHostAnswers() throws Exception {
        Path data = tmp.resolve("data");
        long runnerPid;
        SessionPaths s;
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "first");
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: first");
            s = new DataInspector(data).onlySession();
            runnerPid = ExclusiveFileLock.readPid(s.runnerLock()).orElseThrow();
            assertThat(ProcessHandle.of(runnerPid).map(ProcessHandle::isAlive)).contains(true);
            host.kill9();
        }
        await("runner exits on stdin EOF").atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(runnerPid).map(p -> !p.isAlive()).orElse(true));
        await().atMost(Duration.ofSeconds(10)).until(() -> ExclusiveFileLock.isFree(s.runnerLock()));

        try (HostProcess again = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(again.httpBase());
            assertThat(chat.say("demo", "ann", "second").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 1, 60).path("text").asText()).isEqualTo("echo: second");
            DataInspector db = new DataInspector(data);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT status FROM messages_in ORDER BY seq"))
                    .containsExactly(Map.of("status", "completed"), Map.of("status", "completed")));
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM delivered")).containsExactly(Map.of("n", 2));
        }
    }

    @Test
    void aTakenPortIsRefusedWithAOneLineErrorNamingTheKeyAndTheLockIsReleased() throws Exception {
        Path data = tmp.resolve("data");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Process p = JavaProcesses.builder("io.tandem.host.cli.TandemCli", "up", "--data", data.toString(),
                    "--http", "127.0.0.1:" + taken.getLocalPort(), "--admin", "127.0.0.1:0")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(6);
            assertThat(out).contains("TANDEM-E006").contains("adapters.http.bind")
                    .contains("127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(ExclusiveFileLock.isFree(data.resolve("host.lock"))).isTrue();
        assertThat(Files.exists(data.resolve("host.json"))).isFalse();
    }

    @Test
    void aSecondHostOnTheSameDataExitsWithCode3AndNamesTheHolder() throws Exception {
        Path data = tmp.resolve("data");
        try (HostProcess host = HostProcess.start(data)) {
            HostProcess second = HostProcess.launch(data, HostProcess.testEnv());
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.process().exitValue()).isEqualTo(3);
            assertThat(second.logText()).contains("another host (pid " + host.pid() + ") holds")
                    .contains("host.lock");
            assertThat(new ChatClient(host.httpBase()).say("demo", "ann", "still mine").status()).isEqualTo(202);
            List<Map<String, Object>> info = List.of(Map.of("pid", host.hostJson().path("pid").asLong()));
            assertThat(info.get(0).get("pid")).isEqualTo(host.pid());
        }
    }
}
