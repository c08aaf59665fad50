package io.tandem.host.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One corrupt session file does not cost the backup of the others: it is left out and named, the
 * backup is marked incomplete (exit 1), and what was copied restores; an export says the same.
 */
class BackupBrokenSessionTest {
    @TempDir
    Path tmp;

    @Test
    void aCorruptSessionFileIsLeftOutAndNamedAndTheRestIsBackedUp() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        try (Connection c = SqliteOpener.openCentral(data.resolve("central.db"))) {
            for (String s : List.of("s-good", "s-broken")) {
                Sql.update(c, "INSERT INTO sessions (id, agent_group_id, thread_id, created_at) VALUES (?, 'echo', ?, "
                        + "'2026-11-22T02:47:18.123Z')", s, s);
            }
        }
        Path good = Files.createDirectories(data.resolve("sessions/echo/s-good"));
        try (Connection c = SqliteOpener.openSession(good.resolve("inbound.db"), Durability.POWER)) {
            Sql.exec(c, "CREATE TABLE messages_in(id TEXT PRIMARY KEY, content TEXT)");
            Sql.update(c, "INSERT INTO messages_in VALUES ('m-1', 'kept')");
        }
        Path broken = Files.createDirectories(data.resolve("sessions/echo/s-broken"));
        Files.write(broken.resolve("inbound.db"), "this is not a database, it was overwritten".repeat(200).getBytes());

        Path backup = tmp.resolve("backup");
        Cli.Result r = Cli.run("backup", "--data", data.toString(), "--out", backup.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("incomplete=1");
        assertThat(r.err()).contains("tandem: not backed up: sessions/echo/s-broken/inbound.db: ")
                .contains("the backup is incomplete: 1 session file(s)");
        List<String> paths = new ArrayList<>();
        Json.parse(Files.readString(backup.resolve("manifest.json"))).path("files")
                .forEach(f -> paths.add(f.path("path").asText()));
        assertThat(paths).contains("central.db", "sessions/echo/s-good/inbound.db")
                .doesNotContain("sessions/echo/s-broken/inbound.db");
        assertThat(backup.resolve("sessions/echo/s-broken/inbound.db")).doesNotExist();

        Path restored = tmp.resolve("restored");
        Cli.Result rr = Cli.run("restore", "--from", backup.toString(), "--data", restored.toString());
        assertThat(rr.code()).as(rr.toString()).isZero();
        assertThat(DataInspector.rows(restored.resolve("sessions/echo/s-good/inbound.db"),
                "SELECT content FROM messages_in")).containsExactly(Map.of("content", "kept"));

        Path all = tmp.resolve("all.json");
        Cli.Result ex = Cli.run("export", "--data", data.toString(), "--out", all.toString());
        assertThat(ex.code()).as(ex.toString()).isEqualTo(1);
        assertThat(ex.err()).contains("tandem: not exported: sessions/echo/s-broken/inbound.db: ");
        JsonNode doc = Json.parse(Files.readString(all));
        assertThat(doc.path("sessions")).hasSize(2);
        assertThat(doc.path("sessions").findValues("error")).hasSize(1);

        Path one = tmp.resolve("one.json");
        Cli.Result ex1 = Cli.run("export", "--data", data.toString(), "--session", "s-good", "--out", one.toString());
        assertThat(ex1.code()).as(ex1.toString()).isZero();
        JsonNode single = Json.parse(Files.readString(one));
        assertThat(single.has("central")).isFalse();
        assertThat(single.path("sessions")).hasSize(1);
        assertThat(single.path("sessions").get(0).path("inbound").path("messages_in").get(0).path("content").asText())
                .isEqualTo("kept");
        assertThat(single.path("sessions").get(0).path("outbound").isNull()).isTrue();
    }
}
