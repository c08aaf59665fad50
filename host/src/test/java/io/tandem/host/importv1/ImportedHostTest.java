package io.tandem.host.importv1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.FakeBotApi;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real host started on an imported data folder: a new message in an imported Telegram chat
 * (against the fake Bot API) reaches the imported group through the imported wiring and lands in
 * the imported session after its history; the echo agent answers. While that host runs, the
 * import refuses (host.lock).
 */
class ImportedHostTest {
    static final String TOKEN = "987654:import-test-token";

    @TempDir
    Path tmp;

    @Test
    void aHostOnTheImportedFolderRoutesAnImportedChatToItsImportedGroup() throws Exception {
        Path v1 = V1Files.typical(tmp.resolve("messages.db"));
        Path data = tmp.resolve("data");
        Cli.Result imported = Cli.run("import-v1", v1.toString(), "--data", data.toString());
        assertThat(imported.code()).as("%s", imported).isZero();
        DataInspector db = new DataInspector(data);
        SessionPaths family = V1ImportTest.session(db, data, "family");

        try (FakeBotApi fake = new FakeBotApi(TOKEN)) {
            Map<String, String> env = HostProcess.testEnv();
            env.put("TANDEM_ADAPTERS__TELEGRAM__ENABLED", "true");
            env.put("TANDEM_ADAPTERS__TELEGRAM__TOKEN", TOKEN);
            env.put("TANDEM_ADAPTERS__TELEGRAM__API_BASE", fake.base());
            env.put("TANDEM_ADAPTERS__TELEGRAM__POLL_TIMEOUT", "5s");
            try (HostProcess host = HostProcess.start(data, env)) {
                ChatClient admin = new ChatClient("http://" + host.admin());
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(admin.get("/readyz").status()).isEqualTo(200));

                Cli.Result refused = Cli.run("import-v1", v1.toString(), "--data", data.toString());
                assertThat(refused.code()).as("%s", refused).isEqualTo(3);
                assertThat(refused.err()).contains("host.lock");

                fake.userMessage(V1Files.FAMILY_CHAT, "group", 777, "@Andy are you there", null);
                await().atMost(Duration.ofSeconds(60)).until(() -> fake.calls("sendMessage").stream()
                        .anyMatch(c -> c.params().path("chat_id").asText().equals(Long.toString(V1Files.FAMILY_CHAT))
                                && c.params().path("text").asText().equals("echo: @Andy are you there")));

                assertThat(db.central("SELECT count(*) AS n FROM sessions")).as("no new session")
                        .containsExactly(Map.of("n", 2));
                List<Map<String, Object>> rows = db.inbound(family, "SELECT status, trigger, "
                        + "json_extract(content, '$.text') AS text FROM messages_in WHERE kind = 'chat' ORDER BY seq");
                assertThat(rows).hasSize(11);
                assertThat(rows.get(10)).containsEntry("text", "@Andy are you there").containsEntry("trigger", 1);
                assertThat(rows.subList(0, 10)).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("completed"));
                assertThat(host.stop()).isZero();
            }
        }
    }
}
