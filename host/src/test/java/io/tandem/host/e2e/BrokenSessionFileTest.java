package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session file that is not a database any more fails that session only; the host serves on. */
class BrokenSessionFileTest {
    @TempDir
    Path tmp;

    @Test
    void aGarbledInboundDbIsRefusedWithAClearErrorAndOtherSessionsKeepWorking() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.init(data);
        DataFolders.wireEchoChat(data, "broken");
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("broken", "ann", "first");
            assertThat(chat.awaitEvent("broken", 0, 60).path("text").asText()).isEqualTo("echo: first");
            DataInspector db = new DataInspector(data);
            var row = db.central("SELECT s.id, s.agent_group_id FROM sessions s JOIN messaging_groups m "
                    + "ON m.id = s.messaging_group_id WHERE m.platform_id = 'broken'").get(0);
            SessionPaths broken = SessionPaths.of(data, (String) row.get("agent_group_id"), (String) row.get("id"));
            // garble the file once the host has finished writing it: a write in flight would put its
            // pages back over the garbage (and the host's open connection would keep them cached)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(db.inbound(broken, "SELECT status FROM messages_in"))
                        .containsExactly(Map.of("status", "completed"));
                assertThat(db.inbound(broken, "SELECT status FROM delivered")).hasSize(1);
            });
            Files.write(broken.inboundDb(), new byte[8192]);

            ChatClient.Reply refused = chat.say("broken", "ann", "second");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().path("error").path("message").asText()).isNotBlank();

            assertThat(chat.say("demo", "bob", "unaffected").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: unaffected");
            assertThat(new ChatClient("http://" + host.admin()).get("/healthz").status()).isEqualTo(200);
            assertThat(host.process().isAlive()).isTrue();
            assertThat(db.central("SELECT count(*) AS n FROM sessions")).containsExactly(Map.of("n", 2));
        }
    }
}
