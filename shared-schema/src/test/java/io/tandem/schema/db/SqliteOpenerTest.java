package io.tandem.schema.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.testsupport.SessionFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteOpenerTest {
    @TempDir
    Path dir;

    @Test
    void centralConnectionsReadBackWalJournalForeignKeysOnAndSynchronousFull() throws Exception {
        Path central = dir.resolve("central.db");
        // Twice: foreign_keys is per connection, so every connection must set it, not just the first.
        for (int i = 0; i < 2; i++) {
            try (Connection c = SqliteOpener.openCentral(central)) {
                assertThat(SqliteOpener.pragma(c, "journal_mode")).isEqualTo("wal");
                assertThat(Sql.longValue(c, "PRAGMA foreign_keys")).isEqualTo(1);
                assertThat(Sql.longValue(c, "PRAGMA synchronous")).isEqualTo(2);
                assertThat(c.getAutoCommit()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0} -> synchronous {1}")
    @CsvSource({"POWER, 3", "PROCESS, 1"})
    void sessionConnectionsReadBackDeleteJournalAndTheDurabilitysSynchronousLevel(Durability durability,
            long synchronous) throws Exception {
        Path file = dir.resolve("inbound.db");
        for (int i = 0; i < 2; i++) {
            try (Connection c = SqliteOpener.openSession(file, durability)) {
                assertThat(SqliteOpener.pragma(c, "journal_mode")).isEqualTo("delete");
                assertThat(Sql.longValue(c, "PRAGMA synchronous")).isEqualTo(synchronous);
                assertThat(Sql.longValue(c, "PRAGMA foreign_keys")).isEqualTo(1);
                assertThat(c.getAutoCommit()).isTrue();
            }
        }
    }

    @Test
    void durabilityWireNamesMapToTheirSynchronousPragmasAndUnknownOnesAreRefused() {
        assertThat(Durability.fromWire("power")).isEqualTo(Durability.POWER);
        assertThat(Durability.fromWire("process")).isEqualTo(Durability.PROCESS);
        assertThat(Durability.POWER.synchronousPragma()).isEqualTo("EXTRA");
        assertThat(Durability.PROCESS.synchronousPragma()).isEqualTo("NORMAL");
        assertThatThrownBy(() -> Durability.fromWire("POWER")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage.durability");
    }

    @ParameterizedTest
    @CsvSource({"POWER", "PROCESS"})
    void committedWritesToASessionFileLeaveNoWalAndNoJournalBesideIt(Durability durability) throws Exception {
        Path file = dir.resolve("inbound.db");
        try (Connection c = SqliteOpener.openSession(file, durability)) {
            SessionSchema.INBOUND.apply(c);
            SessionFiles.insertInbound(c, 50);
            Sql.tx(c, tx -> Sql.update(tx, "UPDATE messages_in SET status = 'completed' WHERE seq <= 20"));
            assertNoSidecars(file);
        }
        assertNoSidecars(file);
        try (Connection c = SqliteOpener.openReadOnly(file)) {
            assertThat(SessionFiles.count(c, "messages_in")).isEqualTo(50);
            assertThat(Sql.longValue(c, "SELECT count(*) FROM messages_in WHERE status = 'completed'")).isEqualTo(10);
        }
        assertNoSidecars(file);
    }

    private static void assertNoSidecars(Path file) {
        assertThat(file.resolveSibling(file.getFileName() + "-wal")).doesNotExist();
        assertThat(file.resolveSibling(file.getFileName() + "-shm")).doesNotExist();
        assertThat(file.resolveSibling(file.getFileName() + "-journal")).doesNotExist();
    }

    @Test
    void readOnlyOpenNeverCreatesAMissingFile() {
        Path missing = dir.resolve("out").resolve("outbound.db");
        assertThatThrownBy(() -> {
            try (Connection c = SqliteOpener.openReadOnly(missing)) {
                Sql.longValue(c, "PRAGMA user_version");
            }
        }).isInstanceOf(SQLException.class);
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void readOnlyConnectionRefusesWrites() throws Exception {
        Path file = dir.resolve("inbound.db");
        SessionFiles.create(file, SessionSchema.INBOUND);
        try (Connection c = SqliteOpener.openReadOnly(file)) {
            assertThatThrownBy(() -> Sql.update(c, SessionFiles.INSERT_IN, "m-1", 2L, "t", "s", "{}"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("READONLY");
        }
        assertThat(Files.exists(file.resolveSibling("inbound.db-journal"))).isFalse();
    }

    @Test
    void aFailedTransactionIsRolledBackAndTheConnectionStaysUsable() throws Exception {
        Path file = dir.resolve("inbound.db");
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            SessionSchema.INBOUND.apply(c);
            SessionFiles.insertInbound(c, 1);
            assertThatThrownBy(() -> Sql.tx(c, tx -> {
                Sql.update(tx, SessionFiles.INSERT_IN, "m-ok", 100L, "t", "s", "{}");
                return Sql.update(tx, SessionFiles.INSERT_IN, "m-1", 102L, "t", "s", "{}"); // duplicate id
            })).isInstanceOf(SQLException.class).satisfies(e -> assertThat(SqlErrors.isConstraint(e)).isTrue());
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(SessionFiles.count(c, "messages_in")).isEqualTo(1);
            Sql.tx(c, tx -> Sql.update(tx, SessionFiles.INSERT_IN, "m-ok", 100L, "t", "s", "{}"));
            assertThat(SessionFiles.count(c, "messages_in")).isEqualTo(2);
        }
    }
}
