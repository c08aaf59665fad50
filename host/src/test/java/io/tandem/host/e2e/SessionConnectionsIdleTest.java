package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host keeps a warm session's files open between messages and closes them when the session
 * goes idle (its runner exits), long before the 2-minute idle close: seen from outside, as the
 * host process's open file descriptors.
 */
class SessionConnectionsIdleTest {
    @TempDir
    Path tmp;

    @Test
    void aWarmSessionKeepsItsFilesOpenAndClosesThemWhenItsRunnerExits() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = HostProcess.testEnv();
        env.put("TANDEM_RUNNER__IDLE_EXIT", "6s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "hello").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: hello");
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            assertThat(openSessionFiles(host.pid(), s)).as("kept open while the session is warm")
                    .contains(s.inboundDb().toRealPath());

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    db.central("SELECT container_status FROM sessions")).containsExactly(
                            Map.of("container_status", "stopped")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(openSessionFiles(host.pid(), s)).as("closed once the runner exited").isEmpty());
            assertThat(host.stop()).isZero();
        }
    }

    /** The session's database files the host process has open now (from /proc/PID/fd). */
    private static List<Path> openSessionFiles(long pid, SessionPaths s) throws IOException {
        Path root = s.root().toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    return null;
                }
            }).filter(p -> p != null && p.startsWith(root) && p.getFileName().toString().endsWith(".db")).toList();
        }
    }
}
