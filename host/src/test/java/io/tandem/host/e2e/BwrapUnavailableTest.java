package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.HostProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where bubblewrap cannot run, a host whose groups use it says so at start and refuses to spawn
 * their runners with that reason: the message waits, nothing runs unconfined.
 */
class BwrapUnavailableTest {
    @TempDir
    Path tmp;

    @Test
    void theHostSaysSoAtStartAndRefusesTheSpawnInsteadOfFallingBackToProcess() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__RUNTIME", "bwrap");
        env.put("TANDEM_CONTAINERS__BWRAP__BINARY", tmp.resolve("no-such/bwrap").toString());
        try (HostProcess host = HostProcess.start(data, env)) {
            assertThat(host.logText()).contains("runtime.bwrap.unavailable").contains("no-such/bwrap");
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "hi");
            await().atMost(Duration.ofSeconds(60)).until(() -> host.logText().contains("runner.spawn_failed"));
            assertThat(host.logText()).contains("runtime bwrap is unavailable on this host")
                    .contains("no fallback to process").doesNotContain("runner.spawned");
            assertThat(chat.poll("demo", 0, 1).body().path("events")).isEmpty();
        }
    }
}
