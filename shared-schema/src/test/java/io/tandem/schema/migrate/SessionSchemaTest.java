package io.tandem.schema.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqlErrors;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.testsupport.SessionFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SessionSchemaTest {
    private static final Map<SessionSchema, List<String>> TABLES = Map.of(
            SessionSchema.INBOUND, List.of("messages_in", "delivered", "delivery_attempts", "destinations",
                    "session_routing"),
            SessionSchema.OUTBOUND, List.of("messages_out", "processing_ack"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SessionSchema.class)
    void applyingTheSchemaTwiceIsIdempotentAndSetsTheResourcesUserVersion(SessionSchema schema) throws Exception {
        Path file = dir.resolve(schema.name().toLowerCase() + ".db");
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            assertThat(Sql.longValue(c, "PRAGMA user_version")).isZero();
            schema.apply(c);
            assertThat(Sql.longValue(c, "PRAGMA user_version")).isEqualTo(schema.version()).isPositive();
            assertThat(SqliteOpener.pragma(c, "auto_vacuum")).as("a new file gets incremental auto_vacuum")
                    .isEqualTo("2");
            List<String> master = CentralMigrationsTest.sqliteMaster(c);
            for (String t : TABLES.get(schema)) {
                assertThat(master).anyMatch(m -> m.startsWith("table|" + t + "|"));
            }
            if (schema == SessionSchema.INBOUND) {
                SessionFiles.insertInbound(c, 5);
            }
            schema.apply(c);
            assertThat(CentralMigrationsTest.sqliteMaster(c)).isEqualTo(master);
            assertThat(Sql.longValue(c, "PRAGMA user_version")).isEqualTo(schema.version());
        }
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            List<String> master = CentralMigrationsTest.sqliteMaster(c);
            schema.apply(c);
            assertThat(CentralMigrationsTest.sqliteMaster(c)).isEqualTo(master);
            if (schema == SessionSchema.INBOUND) {
                assertThat(SessionFiles.count(c, "messages_in")).isEqualTo(5);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SessionSchema.class)
    void aFileWithANewerUserVersionIsRefusedWithE005AndLeftUntouched(SessionSchema schema) throws Exception {
        Path file = dir.resolve(schema.name().toLowerCase() + ".db");
        long newer = schema.version() + 1L;
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            Sql.exec(c, "CREATE TABLE from_the_future(x)");
            Sql.exec(c, "PRAGMA user_version = " + newer);
        }
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            List<String> master = CentralMigrationsTest.sqliteMaster(c);
            TandemException e = catchThrowableOfType(TandemException.class, () -> schema.apply(c));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo("TANDEM-E005").isEqualTo(SessionSchema.NEWER_SESSION_FILE);
            assertThat(e.exitCode()).isEqualTo(5);
            assertThat(e).hasMessageContaining(String.valueOf(newer));
            assertThat(Sql.longValue(c, "PRAGMA user_version")).isEqualTo(newer);
            assertThat(CentralMigrationsTest.sqliteMaster(c)).isEqualTo(master);
        }
    }

    @Test
    void checkNotNewerAcceptsTheCurrentAndOlderVersions() {
        for (SessionSchema s : SessionSchema.values()) {
            s.checkNotNewer(0);
            s.checkNotNewer(s.version());
            assertThatThrownBy(() -> s.checkNotNewer(s.version() + 1L)).isInstanceOf(TandemException.class);
        }
    }

    @Test
    void theTablesThemselvesRefuseAWrongParitySeq() throws Exception {
        Path in = dir.resolve("inbound.db");
        Path out = dir.resolve("outbound.db");
        SessionFiles.create(in, SessionSchema.INBOUND);
        SessionFiles.create(out, SessionSchema.OUTBOUND);
        try (Connection c = SqliteOpener.openSession(in, Durability.PROCESS)) {
            assertThatThrownBy(() -> Sql.update(c, SessionFiles.INSERT_IN, "m-1", 3L, "t", "s", "{}"))
                    .satisfies(e -> assertThat(SqlErrors.isConstraint(e)).isTrue());
        }
        try (Connection c = SqliteOpener.openSession(out, Durability.PROCESS)) {
            assertThatThrownBy(() -> Sql.update(c,
                    "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES ('o-1', 4, 't', 'chat', '{}')"))
                    .satisfies(e -> assertThat(SqlErrors.isConstraint(e)).isTrue());
            Sql.update(c, "INSERT INTO messages_out(id, seq, timestamp, kind, content) "
                    + "VALUES ('o-1', 5, 't', 'chat', '{}')");
        }
    }
}
