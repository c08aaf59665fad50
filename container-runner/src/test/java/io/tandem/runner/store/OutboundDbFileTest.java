package io.tandem.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundDbFileTest {
    @TempDir
    Path out;

    @Test
    void a_missing_outbound_db_is_built_aside_with_its_schema_and_renamed_into_place() throws Exception {
        Path db = out.resolve("outbound.db");
        Files.writeString(out.resolve("outbound.db.new"), "leftover of a killed runner");
        try (Connection c = OutboundDbFile.openOrCreate(db, Durability.POWER)) {
            assertThat(Sql.longValue(c, "PRAGMA user_version")).isEqualTo(SessionSchema.OUTBOUND.version());
            assertThat(SqliteOpener.pragma(c, "journal_mode")).isEqualToIgnoringCase("delete");
            assertThat(Sql.longValue(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                    + " ('messages_out','processing_ack','session_state','container_state')")).isEqualTo(4);
        }
        assertThat(out.resolve("outbound.db.new")).doesNotExist();
        assertThat(out.resolve("outbound.db-journal")).doesNotExist();
    }

    @Test
    void an_existing_outbound_db_is_reopened_and_keeps_its_rows() throws Exception {
        Path db = out.resolve("outbound.db");
        try (Connection c = OutboundDbFile.openOrCreate(db, Durability.PROCESS)) {
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO session_state(key, value, updated_at) VALUES ('k','v','t')"));
        }
        try (Connection c = OutboundDbFile.openOrCreate(db, Durability.PROCESS)) {
            assertThat(Sql.longValue(c, "SELECT count(*) FROM session_state")).isEqualTo(1);
        }
    }

    @Test
    void a_newer_outbound_db_is_refused_with_tandem_e005() throws Exception {
        Path db = out.resolve("outbound.db");
        try (Connection c = SqliteOpener.openSession(db, Durability.PROCESS)) {
            Sql.exec(c, "PRAGMA user_version = 42");
        }
        assertThatThrownBy(() -> OutboundDbFile.openOrCreate(db, Durability.PROCESS))
                .isInstanceOfSatisfying(TandemException.class, e -> {
                    assertThat(e.code()).isEqualTo("TANDEM-E005");
                    assertThat(e.exitCode()).isEqualTo(5);
                });
    }
}
