package io.tandem.host.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SettableClock;
import io.tandem.schema.db.Sql;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central lane's group commit on a real {@code central.db}: transactions queued behind a busy
 * lane share one COMMIT, a failed one never rides along into the others' success, nobody hears
 * "done" before the COMMIT, and a failed COMMIT fails every member.
 */
class CentralGroupCommitTest {
    @TempDir
    Path data;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    CentralDb central;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        central = CentralDb.open(data.resolve("central.db"), clock);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        central.close();
    }

    /** Holds the central lane until {@link #release} so the works queued next form one batch. */
    private void holdLane() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        central.submit(c -> {
            started.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private CompletableFuture<String> put(String key) {
        return central.tx(c -> {
            Sql.update(c, "INSERT INTO chat_sdk_kv(key, value) VALUES (?, 'v')", key);
            return key;
        });
    }

    /** True when {@code key} is committed, seen through a connection of its own (not the lane's). */
    private boolean committed(String key) throws SQLException {
        return !DataInspector.rows(data.resolve("central.db"), "SELECT key FROM chat_sdk_kv WHERE key = ?", key)
                .isEmpty();
    }

    private List<Object> keys() throws SQLException {
        return DataInspector.column(DataInspector.rows(data.resolve("central.db"),
                "SELECT key FROM chat_sdk_kv ORDER BY key"), "key");
    }

    @Test
    void aFailedTransactionIsRolledBackAloneAndTheOthersCommitTogether() throws Exception {
        holdLane();
        long commitsBefore = Sql.commits();
        CompletableFuture<String> a = put("a");
        CompletableFuture<String> thrower = central.tx(c -> {
            Sql.update(c, "INSERT INTO chat_sdk_kv(key, value) VALUES ('b', 'v')");
            throw new IllegalStateException("work b refuses");
        });
        CompletableFuture<String> sqlFailure = central.tx(c -> {
            Sql.update(c, "INSERT INTO chat_sdk_kv(key, value) VALUES ('d', 'v')");
            Sql.update(c, "INSERT INTO chat_sdk_kv(key, value) VALUES ('a', 'again')"); // primary key taken by a
            return "d";
        });
        CompletableFuture<String> c = put("c");
        // each success is reported only once its row is committed (visible to another connection)
        CompletableFuture<Boolean> aVisibleAtCompletion = a.thenApply(k -> {
            try {
                return committed(k);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        assertThat(a).isNotDone();
        release.countDown();

        assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(c.get(30, TimeUnit.SECONDS)).isEqualTo("c");
        assertThat(aVisibleAtCompletion.get(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(thrower::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("work b refuses");
        assertThatThrownBy(sqlFailure::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(SQLException.class);
        assertThat(keys()).containsExactly("a", "c");
        assertThat(DataInspector.rows(data.resolve("central.db"), "SELECT value FROM chat_sdk_kv WHERE key = 'a'"))
                .containsExactly(Map.of("value", "v"));
        assertThat(Sql.commits() - commitsBefore).as("one shared commit for the batch").isEqualTo(1);
    }

    @Test
    void aFailedCommitFailsEveryMemberOfTheBatchAndCommitsNothing() throws Exception {
        holdLane();
        CompletableFuture<String> a = put("x");
        // a deferred foreign key violation passes its savepoint and fails only at COMMIT
        CompletableFuture<String> dangling = central.tx(c -> {
            Sql.exec(c, "PRAGMA defer_foreign_keys = ON");
            Sql.update(c, "INSERT INTO user_roles(user_id, role, granted_at) VALUES ('ghost', 'admin', 'now')");
            return "dangling";
        });
        CompletableFuture<String> c = put("y");
        release.countDown();

        for (CompletableFuture<String> f : List.of(a, dangling, c)) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class)
                    .hasMessageContaining("FOREIGN KEY");
        }
        assertThat(keys()).isEmpty();
        assertThat(DataInspector.rows(data.resolve("central.db"), "SELECT user_id FROM user_roles")).isEmpty();
        // the lane is healthy afterwards: the failed transaction was rolled back, not left open
        assertThat(put("z").get(30, TimeUnit.SECONDS)).isEqualTo("z");
        assertThat(keys()).containsExactly("z");
    }

    @Test
    void plainWorkKeepsItsPlaceInTheQueueAndReadOnlyBatchesAreNotCountedAsCommits() throws Exception {
        holdLane();
        CompletableFuture<String> first = put("p1");
        CompletableFuture<Long> plain = central.submit(c -> Sql.longValue(c, "SELECT count(*) FROM chat_sdk_kv"));
        CompletableFuture<String> second = put("p2");
        release.countDown();
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("p2");
        assertThat(first.join()).isEqualTo("p1");
        assertThat(plain.join()).as("plain work runs after p1, before p2").isEqualTo(1L);

        long commitsBefore = Sql.commits();
        assertThat(central.tx(c -> Sql.longValue(c, "SELECT count(*) FROM chat_sdk_kv")).get(30, TimeUnit.SECONDS))
                .isEqualTo(2L);
        assertThat(Sql.commits() - commitsBefore).as("a transaction that wrote nothing costs no commit").isZero();
    }
}
