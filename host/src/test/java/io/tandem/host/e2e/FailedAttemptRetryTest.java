package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.testagents.FailOnceAgent;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a batch the agent reports {@code failed} is retried by the host like a dead runner's
 * (tries + 1, after 5 s · 2^tries), not failed for good; the runner hands the message to the agent
 * again as a new attempt, with its {@code retry} note. Real host, real runner, an exec agent that
 * fails its first batch only; the real defaults ({@code sweep.max_tries} 5).
 */
class FailedAttemptRetryTest {
    @TempDir
    Path tmp;

    @Test
    void aBatchTheAgentFailedIsRetriedAfterTheBackoffAndAnswered() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        Path marker = tmp.resolve("failed-once");
        DataFolders.useTestAgent(data, List.of(), FailOnceAgent.class.getName(), marker.toString());
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "hello").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker));
            Instant failedAt = Instant.now();
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();

            // the failed attempt is retried, not final: tries 1, due about 5 s after the failure
            Map<String, Object> row = await().atMost(Duration.ofSeconds(30)).until(
                    () -> db.inbound(s, "SELECT status, tries, process_after FROM messages_in").get(0),
                    r -> ((Number) r.get("tries")).intValue() == 1);
            assertThat(row.get("status")).isIn("pending", "completed");
            Instant due = Timestamps.parse((String) row.get("process_after"));
            assertThat(due).isAfter(failedAt.plusSeconds(3)).isBefore(failedAt.plusSeconds(30));

            JsonNode answer = chat.awaitEvent("demo", 0, 60);
            assertThat(Instant.now()).as("answered only after the backoff").isAfterOrEqualTo(due);
            assertThat(answer.path("text").asText()).isEqualTo("answered: hello (retry 1)");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT status, tries FROM messages_in"))
                    .containsExactly(Map.of("status", "completed", "tries", 1)));
            assertThat(db.outbound(s, "SELECT status, attempt FROM processing_ack"))
                    .containsExactly(Map.of("status", "completed", "attempt", 1));
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM delivered")).containsExactly(Map.of("n", 1));
            // the failed attempt's error stays visible in the host's log
            assertThat(host.logText()).contains("message.failed_retry").contains("first try fails");
        }
    }
}
