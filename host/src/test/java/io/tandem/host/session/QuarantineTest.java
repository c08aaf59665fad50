package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session file the host cannot use quarantines that session, persistently, before anything is written. */
class QuarantineTest {
    @TempDir
    Path tmp;

    @Test
    void aTooNewInboundDbIsQuarantinedBeforeTheHostWritesAndTheMarkerOutlivesTheProcess() throws Exception {
        SessionFiles files = new SessionFiles(tmp.resolve("data"), "ag-1", "s-1", "http", "demo");
        try (Connection c = SqliteOpener.openSession(files.paths().inboundDb(), Durability.POWER)) {
            Sql.exec(c, "PRAGMA user_version = " + (SessionSchema.INBOUND.version() + 1));
        }
        Quarantine q = new Quarantine(new SettableClock(Instant.parse("2026-11-22T10:00:00Z")));
        InboundDb inbound = new InboundDb(Durability.POWER, q);
        assertThatThrownBy(() -> inbound.with(files.paths(), c -> Sql.update(c, "DELETE FROM destinations")))
                .isInstanceOf(SessionQuarantinedException.class).hasMessageContaining("TANDEM-E005");
        assertThat(q.sessions()).containsOnlyKeys("s-1");
        assertThat(Files.exists(Quarantine.marker(files.paths()))).isTrue();
        assertThat(Quarantine.marker(files.paths()).getParent()).isEqualTo(files.paths().root());

        Quarantine afterRestart = new Quarantine(new SettableClock(Instant.parse("2026-11-22T11:00:00Z")));
        assertThatThrownBy(() -> new InboundDb(Durability.POWER, afterRestart).with(files.paths(), c -> null))
                .isInstanceOf(SessionQuarantinedException.class).hasMessageContaining("TANDEM-E005");
        assertThat(afterRestart.sessions().get("s-1")).contains("TANDEM-E005");
    }

    @Test
    void aFileThatIsNoDatabaseIsQuarantinedWithAReason() throws Exception {
        SessionFiles files = new SessionFiles(tmp.resolve("data"), "ag-1", "s-1", "http", "demo");
        Files.write(files.paths().inboundDb(), new byte[8192]);
        Quarantine q = new Quarantine(new SettableClock(Instant.parse("2026-11-22T10:00:00Z")));
        assertThatThrownBy(() -> new InboundDb(Durability.POWER, q).with(files.paths(), c -> null))
                .isInstanceOf(SessionQuarantinedException.class).hasMessageContaining("unreadable");
        assertThat(Quarantine.reason(files.paths())).hasValueSatisfying(r -> assertThat(r).contains("unreadable"));
    }
}
