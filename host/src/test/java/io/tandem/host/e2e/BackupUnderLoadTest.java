package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem backup} of a running host while clients keep posting: the restored folder holds
 * every message acknowledged (202) before the backup started, its files pass integrity_check and
 * {@code tandem doctor}, and a host started on it serves the old conversation and answers new
 * messages. {@code tandem export}
 * of the live folder is parseable JSON holding a known message and no admin token.
 */
class BackupUnderLoadTest {
    @TempDir
    Path tmp;

    private record Acked(String chat, String text, long at) {
    }

    @Test
    void aBackupTakenUnderLoadRestoresEveryAcknowledgedMessageAndAHostServesIt() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.wireEchoChat(data, "other");
        Path backup = tmp.resolve("backup");
        Path restored = tmp.resolve("restored");
        Set<String> before = new HashSet<>();
        String adminToken = Files.readString(data.resolve("admin.token")).strip();
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            for (String c : List.of("demo", "other")) {
                assertThat(chat.say(c, "ann", "first " + c).status()).isEqualTo(202);
                assertThat(chat.awaitEvent(c, 0, 60).path("text").asText()).isEqualTo("echo: first " + c);
                before.add("first " + c);
            }

            ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread poster = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        String c = i % 2 == 0 ? "demo" : "other";
                        String text = "load " + i;
                        ChatClient.Reply r = chat.say(c, "bob", text);
                        if (r.status() != 202) {
                            throw new AssertionError("post " + text + " answered " + r.status() + " " + r.body());
                        }
                        acked.add(new Acked(c, text, System.nanoTime()));
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "poster");
            poster.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 4 || failure.get() != null);

            long started = System.nanoTime();
            Cli.Result result = Cli.run("backup", "--data", data.toString(), "--out", backup.toString());
            long ended = System.nanoTime();
            int postedDuring = (int) acked.stream().filter(a -> a.at() > started && a.at() < ended).count();
            stop.set(true);
            poster.join(60_000);
            assertThat(failure.get()).isNull();
            assertThat(result.code()).as(result.toString()).isZero();
            assertThat(result.out()).startsWith("tandem backup out=" + backup.toAbsolutePath());
            assertThat(result.err()).as("no progress lines without a terminal").doesNotContain("[1/");
            acked.stream().filter(a -> a.at() < started).forEach(a -> before.add(a.text()));
            System.out.println("messages acknowledged while the backup ran: " + postedDuring);

            JsonNode manifest = Json.parse(Files.readString(backup.resolve("manifest.json")));
            List<String> paths = new ArrayList<>();
            manifest.path("files").forEach(f -> paths.add(f.path("path").asText()));
            assertThat(paths).contains("central.db", "admin.token");
            assertThat(paths).filteredOn(p -> p.endsWith("/inbound.db")).hasSize(2);
            assertThat(paths).filteredOn(p -> p.endsWith("/out/outbound.db")).hasSize(2);
            assertThat(paths).noneMatch(p -> p.endsWith("-journal") || p.endsWith("-wal") || p.endsWith("runner.lock")
                    || p.endsWith(".heartbeat") || p.startsWith("logs/") || p.equals("host.lock")
                    || p.equals("host.json"));
            assertThat(manifest.path("tandem_version").asText()).isEqualTo("0.1.0");
            assertThat(manifest.path("created_at").asText()).matches("\\d{4}-.*Z");

            Path exported = tmp.resolve("export.json");
            Cli.Result ex = Cli.run("export", "--data", data.toString(), "--out", exported.toString());
            assertThat(ex.code()).as(ex.toString()).isZero();
            String exportText = Files.readString(exported);
            assertThat(exportText).doesNotContain(adminToken);
            JsonNode doc = Json.parse(exportText);
            assertThat(doc.path("central").path("sessions")).hasSize(2);
            assertThat(doc.path("central").has("schema_version")).isTrue();
            List<String> exportedTexts = new ArrayList<>();
            doc.path("sessions").forEach(s -> s.path("inbound").path("messages_in").forEach(m ->
                    exportedTexts.add(Json.parse(m.path("content").asText()).path("text").asText())));
            assertThat(exportedTexts).contains("first demo", "first other");
            List<String> replies = new ArrayList<>();
            doc.path("sessions").forEach(s -> s.path("outbound").path("messages_out").forEach(m ->
                    replies.add(m.path("content").asText())));
            assertThat(replies).anyMatch(r -> r.contains("echo: first demo"));
        }

        Cli.Result r = Cli.run("restore", "--from", backup.toString(), "--data", restored.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        DataInspector db = new DataInspector(restored);
        List<String> restoredTexts = new ArrayList<>();
        for (Map<String, Object> s : db.central("SELECT id, agent_group_id FROM sessions")) {
            SessionPaths p = SessionPaths.of(restored, (String) s.get("agent_group_id"), (String) s.get("id"));
            assertThat(DataInspector.rows(p.inboundDb(), "PRAGMA integrity_check")).containsExactly(
                    Map.of("integrity_check", "ok"));
            assertThat(DataInspector.rows(p.outboundDb(), "PRAGMA integrity_check")).containsExactly(
                    Map.of("integrity_check", "ok"));
            assertThat(Files.isDirectory(p.agentMount())).isTrue();
            db.inbound(p, "SELECT json_extract(content, '$.text') AS t FROM messages_in")
                    .forEach(row -> restoredTexts.add((String) row.get("t")));
        }
        assertThat(DataInspector.rows(restored.resolve("central.db"), "PRAGMA integrity_check"))
                .containsExactly(Map.of("integrity_check", "ok"));
        assertThat(restoredTexts).containsAll(before);
        assertThat(Files.readString(restored.resolve("admin.token")).strip()).isEqualTo(adminToken);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("admin.token"))))
                .isEqualTo("rw-------");
        Cli.Result doctor = Cli.run("doctor", "--data", restored.toString(), "--json");
        List<String> errors = new ArrayList<>();
        doctor.json().path("findings").forEach(f -> {
            if (f.path("severity").asText().equals("error")) {
                errors.add(f.toString());
            }
        });
        assertThat(errors).as("the restored folder passes tandem doctor: %s", doctor).isEmpty();
        assertThat(doctor.code()).isZero();

        try (HostProcess again = HostProcess.start(restored)) {
            ChatClient chat = new ChatClient(again.httpBase());
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: first demo");
            assertThat(chat.say("demo", "ann", "after restore").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> texts(chat, "demo").contains("echo: after restore"));
        }
    }

    /** Every event text of {@code chat} so far, page by page. */
    private static List<String> texts(ChatClient chat, String chatId) throws Exception {
        List<String> out = new ArrayList<>();
        long after = 0;
        while (true) {
            ChatClient.Reply r = chat.poll(chatId, after, 0);
            JsonNode events = r.body().path("events");
            if (r.status() != 200 || events.isEmpty()) {
                return out;
            }
            for (JsonNode e : events) {
                out.add(e.path("text").asText());
                after = Math.max(after, e.path("cursor").asLong());
            }
        }
    }
}
