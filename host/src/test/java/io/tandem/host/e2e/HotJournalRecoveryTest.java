package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed mid-commit never wedges the other side, and its owner rolls the journal back. */
class HotJournalRecoveryTest {
    @TempDir
    Path tmp;

    private static void killMidCommit(Path db, String side) throws Exception {
        Process p = JavaProcesses.builder(KilledMidCommitWriterName.NAME, db.toString(), side)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertThat(out.readLine()).isEqualTo("mid-commit");
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(Path.of(db + "-journal"))).as("hot journal left beside %s", db).isTrue();
    }

    private static final class KilledMidCommitWriterName {
        static final String NAME = "io.tandem.host.support.KilledMidCommitWriter";
    }

    @Test
    void theHostRollsBackAHotInboundJournalAtStartAndKeepsEveryCommittedMessage() throws Exception {
        Path data = tmp.resolve("data");
        SessionPaths s;
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "before the crash");
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: before the crash");
            s = new DataInspector(data).onlySession();
        }
        killMidCommit(s.inboundDb(), "in");

        try (HostProcess host = HostProcess.start(data)) {
            assertThat(Files.exists(s.inboundJournal())).as("rolled back before the host was ready").isFalse();
            DataInspector db = new DataInspector(data);
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM messages_in")).containsExactly(Map.of("n", 1));
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "after the crash");
            assertThat(chat.awaitEvent("demo", 1, 60).path("text").asText()).isEqualTo("echo: after the crash");
            assertThat(db.runTandemCheck()).contains("0 problems");
        }
    }

    @Test
    void aHotOutboundJournalWakesARunnerThatRollsItBack() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_RUNNER__IDLE_EXIT", "1s");
        // The subject is the sweep: a journal planted with no runner alive (no exit to observe) is
        // found by the backstop pass. A runner dying mid-commit is RunnerDiedMidCommitTest.
        env.put("TANDEM_SWEEP__INTERVAL", "2s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "hello");
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: hello");
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await("the runner idles out").atMost(Duration.ofSeconds(30))
                    .until(() -> host.logText().contains("runner.exited"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ExclusiveFileLock.isFree(s.runnerLock()));

            killMidCommit(s.outboundDb(), "out");

            await("a runner is woken and rolls the journal back").atMost(Duration.ofSeconds(30))
                    .until(() -> !Files.exists(s.outboundJournal()));
            assertThat(host.logText().lines().filter(l -> l.contains("runner.spawned")).count()).isEqualTo(2);
            assertThat(db.outbound(s, "SELECT count(*) AS n FROM messages_out")).containsExactly(Map.of("n", 1));
            chat.say("demo", "ann", "still answering");
            assertThat(chat.awaitEvent("demo", 1, 60).path("text").asText()).isEqualTo("echo: still answering");
        }
    }
}
