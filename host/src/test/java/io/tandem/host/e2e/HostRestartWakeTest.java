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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 bug 2: after a host kill -9, a runner of the old host may still hold {@code runner.lock}
 * while it drains. A wake that meets it is retried until the lock is gone, never dropped until the
 * next sweep (60 s by default).
 */
class HostRestartWakeTest {
    @TempDir
    Path tmp;

    @Test
    void aWakeThatMeetsALeftoverRunnersLockIsAnsweredWithinFiveSecondsOfItsExit() throws Exception {
        Path data = tmp.resolve("data");
        SessionPaths s;
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "first");
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: first");
            s = new DataInspector(data).onlySession();
            host.kill9();
        }
        await("the old runner exits on stdin EOF").atMost(Duration.ofSeconds(20))
                .until(() -> ExclusiveFileLock.isFree(s.runnerLock()));
        // A runner of the old host that is still draining: it holds runner.lock until we let go.
        Process leftover = JavaProcesses.builder("io.tandem.host.support.RunnerLockHolder",
                s.runnerLock().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(leftover.getInputStream())).readLine())
                    .isEqualTo("locked");
            try (HostProcess again = HostProcess.start(data)) {
                ChatClient chat = new ChatClient(again.httpBase());
                assertThat(chat.say("demo", "ann", "second").status()).isEqualTo(202);
                await("no runner can start while the leftover holds the lock").during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(5)).until(() -> leftover.isAlive()
                                && chat.poll("demo", 1, 0).body().path("events").isEmpty());
                leftover.getOutputStream().close();
                assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Instant gone = Instant.now();
                assertThat(chat.awaitEvent("demo", 1, 30).path("text").asText()).isEqualTo("echo: second");
                // The host's part: a runner is spawned within a few hundred ms of the lock's release
                // (before the fix the wake was dropped until the next sweep, 60 s later). The answer
                // itself adds a runner JVM start, which a loaded test machine stretches.
                Instant spawned = again.logText().lines().filter(l -> l.contains("runner.spawned"))
                        .map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).reduce((a, b) -> b).orElseThrow();
                assertThat(Duration.between(gone, spawned)).as("lock released -> runner spawned")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(Duration.between(gone, Instant.now())).as("lock released -> answered")
                        .isLessThan(Duration.ofSeconds(15));
            }
        } finally {
            leftover.destroyForcibly();
        }
    }
}
