package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bug 14 end to end: an exec agent that answers one message with ~50 MB of replies (125 sends of
 * 400,000 chars, written in one go) behind a real host, its runner at the default
 * {@code -Xmx96m}: every reply is committed and delivered, and the message completes. Runs with
 * the real defaults (sweep 60 s, durability power).
 */
class LargeAgentOutputTest {
    private static final int LINES = 125;
    private static final int CHARS = 400_000;

    @TempDir
    Path tmp;

    @Test
    void fiftyMegabytesOfRepliesInOneBatchAreAllDelivered() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.init(data);
        DataFolders.useTestAgent(data, List.of("-Xmx64m"), "io.tandem.host.testagents.FloodAgent",
                Integer.toString(LINES), Integer.toString(CHARS));
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "tell me everything").status()).isEqualTo(202);
            DataInspector db = new DataInspector(data);
            await().atMost(Duration.ofSeconds(30)).until(() -> !db.central("SELECT id FROM sessions").isEmpty());
            SessionPaths s = db.onlySession();

            await("all replies delivered").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(db.inbound(s,
                            "SELECT count(*) AS n FROM delivered WHERE status = 'delivered'"))
                            .containsExactly(Map.of("n", LINES)));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT status FROM messages_in")).containsExactly(Map.of("status", "completed")));
            assertThat(db.outbound(s, "SELECT count(*) AS n FROM messages_out")).containsExactly(Map.of("n", LINES));

            JsonNode last = chat.awaitEvent("demo", LINES - 1, 30);
            assertThat(last.path("text").asText()).startsWith((LINES - 1) + ":").hasSize(CHARS + 4);
            JsonNode spec = Json.parse(Files.readString(s.containerJson()));
            assertThat(spec.at("/runner/max_output_per_batch").asLong()).isEqualTo(64L << 20);
            Path runnerLog = data.resolve("logs").resolve("runner-" + s.root().getFileName() + ".log");
            assertThat(Files.readString(runnerLog)).contains("batch.done").doesNotContain("OutOfMemoryError");
            db.runTandemCheck();
        }
    }
}
