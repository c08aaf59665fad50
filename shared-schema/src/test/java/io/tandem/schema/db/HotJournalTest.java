package io.tandem.schema.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.testsupport.ChildJvm;
import io.tandem.schema.testsupport.HotJournalWriterMain;
import io.tandem.schema.testsupport.SessionFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A writer SIGKILLed mid-commit leaves a hot journal. A {@code mode=ro} reader cannot roll it back
 * and fails at once with SQLITE_READONLY_ROLLBACK; {@link ReadOnlyReads} must turn that into
 * OWNER_RECOVERING instead of failing its caller, and the owner's next read-write open recovers.
 */
class HotJournalTest {
    private static final int COMMITTED = 100;

    @TempDir
    Path dir;

    @Test
    void aWriterKilledMidCommitLeavesAHotJournalThatReadersReportAndOnlyTheOwnerRollsBack() throws Exception {
        Path file = dir.resolve("inbound.db");
        Path journal = dir.resolve("inbound.db-journal");
        SessionFiles.create(file, SessionSchema.INBOUND);
        try (Connection c = SqliteOpener.openSession(file, Durability.POWER)) {
            SessionFiles.insertInbound(c, COMMITTED);
        }
        long committedSize = Files.size(file);

        try (ChildJvm child = ChildJvm.start(HotJournalWriterMain.class, file.toString(), "2000")) {
            child.awaitLine("mid-commit", Duration.ofSeconds(60));
            assertThat(journal).exists();
            assertThat(Files.size(file)).as("pages spilled into the db file mid-transaction")
                    .isGreaterThan(committedSize);
            child.kill();
        }
        assertThat(journal).as("a hot journal is left by the killed writer").exists();
        assertThat(Files.size(journal)).isPositive();

        // The trap: a raw mode=ro reader fails at once, however long its busy bound.
        long t0 = System.nanoTime();
        SQLException raw = catchThrowableOfType(SQLException.class, () -> {
            try (Connection ro = SqliteOpener.openReadOnly(file)) {
                SessionFiles.count(ro, "messages_in");
            }
        });
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - t0);
        assertThat((Throwable) raw).as("a mode=ro read beside a hot journal").isNotNull();
        assertThat(SqlErrors.isHotJournal(raw)).as("isHotJournal(%s)", raw).isTrue();
        assertThat((Throwable) raw).isInstanceOf(SQLiteException.class);
        assertThat(((SQLiteException) raw).getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_READONLY_ROLLBACK);
        assertThat(raw.getErrorCode()).as("getErrorCode() carries only the primary code").isEqualTo(8);
        assertThat(failedAfter).isLessThan(Duration.ofSeconds(2));
        assertThat(SqlErrors.isBusy(raw)).isFalse();

        // ReadOnlyReads does not fail its caller; otherMax treats the file as unreadable (0).
        ReadResult<Long> during = ReadOnlyReads.read(file, c -> SessionFiles.count(c, "messages_in"));
        assertThat(during.status()).isEqualTo(ReadResult.Status.OWNER_RECOVERING);
        assertThat(during.isOk()).isFalse();
        assertThat(during.orElse(-1L)).isEqualTo(-1L);
        assertThat(SeqMinter.outbound().otherMax(file)).isZero();
        assertThat(journal).as("a read-only reader cannot roll back").exists();

        // The owner's read-write open rolls the journal back.
        try (Connection owner = SqliteOpener.openSession(file, Durability.POWER)) {
            assertThat(SessionFiles.count(owner, "messages_in")).isEqualTo(COMMITTED);
            assertThat(SqliteOpener.pragma(owner, "integrity_check")).isEqualTo("ok");
        }
        assertThat(journal).doesNotExist();

        ReadResult<Long> after = ReadOnlyReads.read(file, c -> SessionFiles.count(c, "messages_in"));
        assertThat(after.status()).isEqualTo(ReadResult.Status.OK);
        assertThat(after.value()).isEqualTo(COMMITTED);
        assertThat(ReadOnlyReads.read(file,
                c -> Sql.longValue(c, "SELECT count(*) FROM messages_in WHERE id LIKE 'hot-%'")).value()).isZero();
        assertThat(SeqMinter.outbound().otherMax(file)).isEqualTo(2L * COMMITTED);
    }

    @Test
    void readOnlyReadsReportAMissingFileAndAFileWithoutSchemaInsteadOfFailing() throws Exception {
        Path missing = dir.resolve("out").resolve("outbound.db");
        assertThat(ReadOnlyReads.read(missing, c -> 1L).status()).isEqualTo(ReadResult.Status.MISSING);
        assertThat(missing).doesNotExist();

        Path empty = dir.resolve("empty.db");
        try (Connection c = SqliteOpener.openSession(empty, Durability.PROCESS)) {
            Sql.exec(c, "CREATE TABLE messages_out(seq INTEGER)");
        }
        assertThat(ReadOnlyReads.read(empty, c -> 1L).status()).isEqualTo(ReadResult.Status.EMPTY);
        assertThat(SeqMinter.inbound().otherMax(missing)).isZero();
        assertThat(SeqMinter.inbound().otherMax(empty)).isZero();
    }

    @Test
    void readOnlyReadsRefuseToFollowASymlinkedFile() throws Exception {
        Path real = dir.resolve("real.db");
        SessionFiles.create(real, SessionSchema.OUTBOUND);
        Path link = Files.createSymbolicLink(dir.resolve("outbound.db"), real);
        assertThat(ReadOnlyReads.read(link, c -> 1L).status()).isEqualTo(ReadResult.Status.MISSING);
        assertThat(ReadOnlyReads.read(real, c -> 1L).status()).isEqualTo(ReadResult.Status.OK);
    }
}
