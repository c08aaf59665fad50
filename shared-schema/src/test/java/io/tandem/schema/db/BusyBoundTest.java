package io.tandem.schema.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.testsupport.ChildJvm;
import io.tandem.schema.testsupport.HoldWriteLockMain;
import io.tandem.schema.testsupport.SessionFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 5 s busy bound, against a real second process holding the write lock. */
class BusyBoundTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void createSessionFile() throws Exception {
        file = dir.resolve("inbound.db");
        SessionFiles.create(file, SessionSchema.INBOUND);
    }

    @Test
    void aWriterBlockedByAnotherProcessCommitsOnceThatProcessReleasesWithinTheBound() throws Exception {
        try (ChildJvm child = ChildJvm.start(HoldWriteLockMain.class, file.toString());
                Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            child.awaitLine("locked", START);
            long waits = BoundedBusyHandler.waits();
            long timeouts = BoundedBusyHandler.timeouts();

            CompletableFuture<Integer> write = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    write.complete(Sql.tx(c, tx -> Sql.update(tx, SessionFiles.INSERT_IN, "m-1", 2L, "t", "s", "{}")));
                } catch (Throwable t) {
                    write.completeExceptionally(t);
                }
            }, "blocked-writer");
            writer.start();
            // The writer is blocked once it is parked inside the busy handler: the lock is the child's.
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(1))
                    .until(() -> write.isDone() || inBusyHandler(writer));
            assertThat(write).as("the write must wait for the other process's lock").isNotDone();

            long released = System.nanoTime();
            child.send("release");
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(BoundedBusyHandler.DEFAULT_BOUND);
            child.awaitLine("released", START);
            assertThat(child.awaitExit(START)).isZero();
            assertThat(SessionFiles.count(c, "messages_in")).isEqualTo(1);
            assertThat(BoundedBusyHandler.waits() - waits).as("busy waits counted").isGreaterThanOrEqualTo(1);
            assertThat(BoundedBusyHandler.timeouts()).as("a wait that ended in time is no timeout").isEqualTo(timeouts);
        }
    }

    @Test
    void aWriterFailsWithSqliteBusyOnlyAfterTheFiveSecondBoundWhenTheLockIsNeverReleased() throws Exception {
        try (ChildJvm child = ChildJvm.start(HoldWriteLockMain.class, file.toString());
                Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            child.awaitLine("locked", START);

            long timeouts = BoundedBusyHandler.timeouts();
            AtomicBoolean workEntered = new AtomicBoolean();
            long t0 = System.nanoTime();
            SQLException e = catchThrowableOfType(SQLException.class, () -> Sql.tx(c, tx -> {
                workEntered.set(true);
                return Sql.update(tx, SessionFiles.INSERT_IN, "m-1", 2L, "t", "s", "{}");
            }));
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);

            assertThat((Throwable) e).as("write under a lock held forever").isNotNull();
            assertThat(SqlErrors.isBusy(e)).as("isBusy(%s)", e).isTrue();
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(4500)).isLessThan(Duration.ofSeconds(15));
            assertThat(workEntered).as("the wait happens at BEGIN IMMEDIATE, before any work").isFalse();
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(BoundedBusyHandler.timeouts() - timeouts).as("the timeout is counted").isEqualTo(1);
            child.kill();
            assertThat(SessionFiles.count(c, "messages_in")).isZero();
        }
    }

    @Test
    void aReadOnlyReaderIsNotBlockedByAnotherProcessHoldingTheWriteLock() throws Exception {
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            SessionFiles.insertInbound(c, 3);
        }
        try (ChildJvm child = ChildJvm.start(HoldWriteLockMain.class, file.toString())) {
            child.awaitLine("locked", START);
            long t0 = System.nanoTime();
            ReadResult<Long> r = ReadOnlyReads.read(file, rc -> SessionFiles.count(rc, "messages_in"));
            assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
            assertThat(r.value()).isEqualTo(3L);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        }
    }

    private static boolean inBusyHandler(Thread t) {
        return Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(BoundedBusyHandler.class.getName()));
    }
}
