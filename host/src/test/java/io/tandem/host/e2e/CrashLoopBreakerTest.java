package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.lifecycle.CrashLoop;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.HostProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-loop breaker end to end (issue 11 section 5): a host killed with SIGKILL again and
 * again starts, on the third unclean start within ten minutes, with runner spawns held for 30 s and
 * says why; messages are accepted meanwhile and answered once the hold is over; a clean stop
 * clears the history, so the next start spawns at once.
 */
class CrashLoopBreakerTest {
    @TempDir
    Path tmp;

    @Test
    void theThirdUncleanStartHoldsRunnersAndSaysWhyAndACleanStopEndsIt() throws Exception {
        Path data = tmp.resolve("data");
        for (int i = 0; i < 3; i++) {
            try (HostProcess host = HostProcess.start(data)) {
                assertThat(host.logText()).doesNotContain("startup.crash_loop");
                host.kill9();
            }
        }
        try (HostProcess host = HostProcess.start(data)) {
            String line = host.logText().lines().filter(l -> l.contains("startup.crash_loop")).findFirst()
                    .orElseThrow(() -> new AssertionError("no startup.crash_loop line in\n" + host.logText()));
            assertThat(line).contains("unclean_starts=\"3\"")
                    .contains("hold_s=\"" + CrashLoop.FIRST_HOLD.toSeconds() + "\"");
            Instant until = Instant.parse(line.replaceAll(".*until=\"([^\"]+)\".*", "$1"));
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "during the hold").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 0, 120).path("text").asText()).isEqualTo("echo: during the hold");
            Instant spawned = host.logText().lines().filter(l -> l.contains("runner.spawned"))
                    .map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).findFirst().orElseThrow();
            assertThat(spawned).as("the runner is spawned only after the hold").isAfterOrEqualTo(until);
            assertThat(host.stop()).isZero();
        }
        assertThat(data.resolve("unclean-starts.json")).as("a clean stop clears the history").doesNotExist();
        try (HostProcess host = HostProcess.start(data)) {
            assertThat(host.logText()).doesNotContain("startup.crash_loop");
        }
    }
}
