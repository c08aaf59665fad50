package io.tandem.schema.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@link Sql#read}: all statements of the work under one SHARED lock (so one snapshot, and one
 * lock/hot-journal check instead of one per statement), and nothing held once it returns, whether
 * the work succeeded or failed. The writer is a second real connection to the same file, as the
 * other process is.
 */
class SqlReadTest {
    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void createFile() throws SQLException {
        file = dir.resolve("inbound.db");
        try (Connection w = SqliteOpener.openSession(file, Durability.POWER)) {
            Sql.exec(w, "CREATE TABLE t(x INTEGER)");
            Sql.update(w, "INSERT INTO t(x) VALUES (1)");
        }
    }

    @Test
    void the_statements_of_one_read_see_one_snapshot_and_a_writer_cannot_commit_in_between() throws Exception {
        try (Connection r = SqliteOpener.openReadOnly(file);
             Connection w = SqliteOpener.openSession(file, Durability.POWER, Duration.ofMillis(200))) {
            List<Long> counts = new ArrayList<>();
            Sql.read(r, c -> {
                counts.add(Sql.longValue(c, "SELECT count(*) FROM t"));
                assertThatThrownBy(() -> Sql.tx(w, tx -> Sql.update(tx, "INSERT INTO t(x) VALUES (2)")))
                        .as("the reader's lock is held between its statements")
                        .isInstanceOfSatisfying(SQLiteException.class,
                                e -> assertThat(e.getResultCode()).isIn(SQLiteErrorCode.SQLITE_BUSY,
                                        SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT, SQLiteErrorCode.SQLITE_BUSY_RECOVERY));
                counts.add(Sql.longValue(c, "SELECT count(*) FROM t"));
                return null;
            });
            assertThat(counts).containsExactly(1L, 1L);
            Sql.tx(w, tx -> Sql.update(tx, "INSERT INTO t(x) VALUES (3)"));
            assertThat(Sql.<Long>read(r, c -> Sql.longValue(c, "SELECT count(*) FROM t"))).isEqualTo(2L);
        }
    }

    @Test
    void a_failed_read_ends_its_transaction_and_holds_no_lock() throws Exception {
        try (Connection r = SqliteOpener.openReadOnly(file);
             Connection w = SqliteOpener.openSession(file, Durability.POWER, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> Sql.read(r, c -> {
                Sql.longValue(c, "SELECT count(*) FROM t");
                return Sql.longValue(c, "SELECT count(*) FROM no_such_table");
            })).isInstanceOf(SQLException.class).hasMessageContaining("no_such_table");
            Sql.tx(w, tx -> Sql.update(tx, "INSERT INTO t(x) VALUES (2)"));
            assertThat(Sql.<Long>read(r, c -> Sql.longValue(c, "SELECT count(*) FROM t")))
                    .as("a new read transaction starts: the failed one was rolled back").isEqualTo(2L);
        }
    }
}
