package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 bug 6: a session whose inbound.db is newer than this host knows (TANDEM-E005) is
 * quarantined persistently: messages routed to it get 503 {@code session_quarantined}, it is never
 * respawned, and all of that survives a restart. Other sessions serve on.
 */
class QuarantineTest {
    @TempDir
    Path tmp;

    @Test
    void aQuarantineSurvivesARestartAndRoutedMessagesAre503() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.init(data);
        DataFolders.wireEchoChat(data, "future");
        SessionPaths future;
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("future", "ann", "first");
            assertThat(chat.awaitEvent("future", 0, 60).path("text").asText()).isEqualTo("echo: first");
            var row = new DataInspector(data).central("SELECT s.id, s.agent_group_id FROM sessions s JOIN "
                    + "messaging_groups m ON m.id = s.messaging_group_id WHERE m.platform_id = 'future'").get(0);
            future = SessionPaths.of(data, (String) row.get("agent_group_id"), (String) row.get("id"));
        }
        try (Connection c = SqliteOpener.openSession(future.inboundDb(), Durability.POWER)) {
            Sql.exec(c, "PRAGMA user_version = " + (SessionSchema.INBOUND.version() + 1));
        }
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            await("quarantined and refused").atMost(Duration.ofSeconds(30)).until(() -> "session_quarantined".equals(
                    chat.say("future", "ann", "refused").body().path("error").path("code").asText()));
            assertThat(Files.exists(future.root().resolve("quarantine.json"))).isTrue();
            assertThat(Files.readString(future.root().resolve("quarantine.json"))).contains("TANDEM-E005");
            assertThat(chat.say("demo", "bob", "unaffected").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: unaffected");
        }
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            ChatClient.Reply refused = chat.say("future", "ann", "still refused");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().path("error").path("code").asText()).isEqualTo("session_quarantined");
            assertThat(refused.body().path("error").path("message").asText()).contains("TANDEM-E005");
            assertThat(chat.say("demo", "bob", "after restart").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 1, 60).path("text").asText()).isEqualTo("echo: after restart");
            String sessionId = future.root().getFileName().toString();
            assertThat(host.logText().lines().filter(l -> l.contains("runner.spawned")
                    && l.contains(sessionId))).as("a quarantined session is never respawned").isEmpty();
            assertThat(host.logText().lines().filter(l -> l.contains("session.quarantined")
                    && l.contains(sessionId))).as("logged once").hasSize(1);
            assertThat(new DataInspector(data).inbound(future, "SELECT count(*) AS n FROM messages_in"))
                    .containsExactly(java.util.Map.of("n", 1));
        }
    }
}
