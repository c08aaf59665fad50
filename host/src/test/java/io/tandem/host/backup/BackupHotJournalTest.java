package io.tandem.host.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.DataFolder;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.session.SessionPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session file whose writer was killed mid-commit (a hot journal) cannot be copied by a reader:
 * the backup leaves it out and names it, never touching the live file or its journal; once the
 * owner has rolled it back (the host does at start), a backup holds it again.
 */
class BackupHotJournalTest {
    @TempDir
    Path tmp;

    @Test
    void aHotJournalLeavesTheFileOutUntilItsOwnerRollsItBack() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        try (Connection c = SqliteOpener.openCentral(data.resolve("central.db"))) {
            Sql.update(c, "INSERT INTO sessions (id, agent_group_id, created_at) VALUES ('s-1', 'echo', "
                    + "'2026-11-22T02:47:18.123Z')");
        }
        SessionPaths s = SessionPaths.of(data, "echo", "s-1");
        Files.createDirectories(s.root());
        try (Connection c = SqliteOpener.openSession(s.inboundDb(), Durability.POWER)) {
            SessionSchema.INBOUND.apply(c);
            Sql.update(c, "INSERT INTO messages_in(id, seq, kind, timestamp, series_id, content) VALUES ('m-1', 2, "
                    + "'chat', '2026-11-22T10:00:00.000Z', 'm-1', '{\"text\":\"committed\"}')");
        }
        Process writer = JavaProcesses.builder("io.tandem.host.support.KilledMidCommitWriter",
                s.inboundDb().toString(), "in").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("mid-commit");
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(s.inboundJournal()).exists();
        long journalSize = Files.size(s.inboundJournal());

        Backup.Result first = Backup.run(data, tmp.resolve("b1"), "test", Clock.systemUTC(), Progress.NONE,
                Duration.ofMillis(300));
        assertThat(first.missing()).singleElement().asString().startsWith("sessions/echo/s-1/inbound.db: ")
                .contains("hot journal");
        assertThat(first.manifest().files()).extracting(Manifest.Entry::path).doesNotContain(
                "sessions/echo/s-1/inbound.db");
        assertThat(s.inboundJournal()).as("the backup never rolls back a journal it does not own").exists();
        assertThat(Files.size(s.inboundJournal())).isEqualTo(journalSize);

        assertThat(new DataFolder(data).rollBackHotJournals()).isEqualTo(1);
        Backup.Result second = Backup.run(data, tmp.resolve("b2"), "test", Clock.systemUTC(), Progress.NONE,
                Duration.ofMillis(300));
        assertThat(second.missing()).isEmpty();
        assertThat(DataInspector.rows(tmp.resolve("b2/sessions/echo/s-1/inbound.db"),
                "SELECT json_extract(content, '$.text') AS t FROM messages_in"))
                .containsExactly(Map.of("t", "committed"));
    }
}
