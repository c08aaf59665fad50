package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.session.SessionRef;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, one delivery pass per outbound commit: a real {@link java.nio.file.WatchService} on a
 * real {@code outbound.db} written the way the runner writes it (journal DELETE, durability
 * power). Each kick stands for a delivery pass and reads the file as the pass would, so "the pass
 * saw the commit" is checked against the file, not assumed.
 */
class OutboundWatcherTest {
    @TempDir
    Path tmp;
    SessionRef ref;
    OutboundWatcher watcher;
    Connection runner;
    /** Rows each pass saw, in kick order. */
    final List<Long> passes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        SessionPaths paths = SessionPaths.of(tmp, "g1", "s-1");
        Files.createDirectories(paths.outDir());
        ref = new SessionRef("s-1", "g1", paths);
        runner = SqliteOpener.openSession(paths.outboundDb(), Durability.POWER);
        Sql.exec(runner, "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)");
        watcher = new OutboundWatcher(s -> passes.add(rowsSeen()), true, Duration.ofMillis(2));
        watcher.runnerStarted(ref);
    }

    @AfterEach
    void tearDown() throws Exception {
        watcher.close();
        runner.close();
    }

    private long rowsSeen() {
        try (Connection c = SqliteOpener.openReadOnly(ref.paths().outboundDb())) {
            return Sql.longValue(c, "SELECT count(*) FROM t");
        } catch (SQLException e) {
            return -1;
        }
    }

    private void commitRow(int size) throws SQLException {
        Sql.tx(runner, tx -> Sql.update(tx, "INSERT INTO t(body) VALUES (?)", new byte[size]));
    }

    @Test
    void eachCommitsBurstOfEventsKicksExactlyOnePassThatSeesIt() throws Exception {
        int commits = 25;
        for (int i = 1; i <= commits; i++) {
            commitRow(100);
            int expected = i;
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.kicks() >= expected);
        }
        // nothing left in a window or in the queue may add a pass
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20))
                .until(() -> watcher.kicks() == commits);
        assertThat(watcher.events()).as("each commit is seen as its journal's CREATE and DELETE only: the page "
                + "writes (MODIFY) wake no watch thread").isEqualTo(2L * commits);
        assertThat(passes).hasSize(commits);
        for (int i = 0; i < commits; i++) {
            assertThat(passes.get(i)).as("pass %d saw its commit", i + 1).isEqualTo(i + 1L);
        }
    }

    /**
     * The db MODIFY comes before the commit point. A transaction that spills its cache writes the
     * journal and the db long before it commits; those events must not use up the kick, and the
     * journal's DELETE at COMMIT must still bring a pass that sees every row.
     */
    @Test
    void aCommitWhoseEventsStraddleTheWindowIsStillDelivered() throws Exception {
        Sql.exec(runner, "PRAGMA cache_size=4");
        Sql.exec(runner, "BEGIN IMMEDIATE");
        for (int i = 0; i < 200; i++) {
            Sql.update(runner, "INSERT INTO t(body) VALUES (?)", new byte[4096]);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events() >= 1);
        assertThat(Files.exists(ref.paths().outboundJournal())).as("the transaction spilled to its journal").isTrue();
        // far longer than the 2 ms window: the in-progress events start no pass
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20)).until(() -> watcher.kicks() == 0);
        Sql.exec(runner, "COMMIT");
        await().atMost(Duration.ofSeconds(20)).until(() -> passes.contains(200L));
        assertThat(passes).containsExactly(200L);
    }

    @Test
    void aStoppedRunnerAlwaysKicksAndTheHeartbeatNever() throws Exception {
        Files.writeString(ref.paths().heartbeat(), "x");
        Files.writeString(ref.paths().heartbeat(), "y");
        commitRow(10);
        // the kick is counted before its pass runs on the watch thread: wait for both
        await().atMost(Duration.ofSeconds(20)).until(() -> watcher.kicks() == 1 && passes.size() == 1);
        long events = watcher.events();
        watcher.runnerStopped(ref);
        assertThat(passes).hasSize(2);
        commitRow(10);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(20)).until(() -> watcher.events() == events);
        assertThat(watcher.kicks()).as("no watch after the runner stopped").isEqualTo(1);
    }
}
