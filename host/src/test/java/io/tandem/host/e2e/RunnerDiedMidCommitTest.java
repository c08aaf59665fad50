package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 bug 13: a runner killed while {@code out/outbound.db-journal} is hot (it died
 * mid-commit) with a message of the current attempt {@code processing}. The host cannot read the
 * acks, so it must not guess: it starts a runner at once (only the runner can roll the journal
 * back), never recovers behind that runner's back, and the message is answered within seconds,
 * exactly once. The new runner redoing its current-attempt {@code processing} acks at start is
 * the runner's half of this fix.
 */
class RunnerDiedMidCommitTest {
    @TempDir
    Path tmp;

    @Test
    void aMessageWhoseRunnerDiedWithAHotOutboundJournalIsAnsweredWithinSecondsOnce() throws Exception {
        Path data = tmp.resolve("data");
        Path marker = tmp.resolve("agent-took-batch");
        DataFolders.init(data);
        DataFolders.useTestAgent(data, List.of(), "io.tandem.host.testagents.StallOnceAgent", marker.toString());
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "big job").status()).isEqualTo(202);
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    db.outbound(s, "SELECT status, attempt FROM processing_ack"))
                    .containsExactly(Map.of("status", "processing", "attempt", 0)));
            ProcessHandle runner = ProcessHandle.of(ExclusiveFileLock.readPid(s.runnerLock()).orElseThrow())
                    .orElseThrow();

            // The runner's commit dies half way: pages spilled into outbound.db, the journal hot.
            Process writer = JavaProcesses.builder("io.tandem.host.support.KilledMidCommitWriter",
                    s.outboundDb().toString(), "out").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(new BufferedReader(new InputStreamReader(writer.getInputStream())).readLine())
                    .isEqualTo("mid-commit");
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            runner.destroyForcibly();
            runner.onExit().get(30, TimeUnit.SECONDS);
            assertThat(Files.exists(s.outboundJournal())).as("hot journal left").isTrue();
            long died = System.nanoTime();
            // The host's half: at once a new runner (the only one that may roll the journal back),
            // and no recovery behind its back (recovery would bump tries and answer twice).
            await("a new runner rolls the journal back").atMost(Duration.ofSeconds(20))
                    .until(() -> !Files.exists(s.outboundJournal()));
            assertThat(host.logText().lines().filter(l -> l.contains("runner.spawned")).count()).isEqualTo(2);
            assertThat(host.logText()).doesNotContain("recovery.retry");

            JsonNode answer = chat.awaitEvent("demo", 0, 60);
            assertThat(answer.path("text").asText()).isEqualTo("recovered: big job");
            assertThat((System.nanoTime() - died) / 1_000_000_000L).as("seconds to the answer").isLessThan(30);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT status FROM messages_in WHERE kind = 'chat'"))
                    .containsExactly(Map.of("status", "completed")));
            assertThat(chat.poll("demo", answer.path("cursor").asLong(), 3).body().path("events"))
                    .as("answered once").isEmpty();
            assertThat(Files.exists(s.outboundJournal())).isFalse();
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM delivered")).containsExactly(Map.of("n", 1));
            db.runTandemCheck();
        }
    }
}
