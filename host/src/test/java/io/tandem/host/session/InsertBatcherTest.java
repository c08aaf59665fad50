package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SessionFiles;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inserts queued for one session while its lane is busy share one {@code inbound.db} commit, on a
 * real session folder: seq stays even and above the runner's odd seq, a duplicate platform id
 * answers with the first row, a bad row fails alone, and no caller hears "accepted" before its
 * row is committed.
 */
class InsertBatcherTest {
    private static final String SESSION = "s-batch";

    @TempDir
    Path data;
    SessionFiles files;
    SessionPaths paths;
    final SessionLanes lanes = new SessionLanes(2);
    final CountDownLatch release = new CountDownLatch(1);
    InsertBatcher batcher;

    @BeforeEach
    void setUp() throws Exception {
        files = new SessionFiles(data, "g-echo", SESSION, "http", "demo");
        paths = files.paths();
        String first = files.chatIn("http", "demo", "before the batch"); // seq 2
        files.replyOut(first, "http", "demo", "the runner's reply"); // seq 3 in outbound.db
        batcher = new InsertBatcher(lanes, files.inbound(), new InboundWriter());
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        lanes.close();
    }

    private void holdLane() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        lanes.submit(SESSION, () -> {
            started.countDown();
            return release.await(60, TimeUnit.SECONDS);
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private static NewInbound chat(String platformMessageId, String content) {
        return new NewInbound(Ids.mint(Ids.MESSAGE_IN), MessageKind.CHAT, "2026-11-22T10:00:00.000Z", null, true,
                "demo", "http", null, platformMessageId, null, content);
    }

    private static String text(String t) {
        return Json.write(Json.object().put("text", t));
    }

    /** Completes with whether the row was visible to another connection when the caller heard of it. */
    private CompletableFuture<Boolean> committedWhenAnswered(CompletableFuture<InsertOutcome> f) {
        return f.thenApply(out -> {
            try {
                return !DataInspector.rows(paths.inboundDb(), "SELECT id FROM messages_in WHERE id = ? AND seq = ?",
                        out.id(), out.seq()).isEmpty();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
    }

    @Test
    void queuedInsertsShareOneCommitKeepEvenSeqAndAnswerOnlyAfterTheCommit() throws Exception {
        holdLane();
        List<NewInbound> rows = List.of(chat("p1", text("one")), chat("p2", text("two")),
                chat(null, null) /* content NOT NULL: a bad row */, chat("p1", text("one, re-delivered")),
                chat("p3", text("three")));
        List<CompletableFuture<InsertOutcome>> futures = new ArrayList<>();
        List<CompletableFuture<Boolean>> visible = new ArrayList<>();
        for (NewInbound r : rows) {
            CompletableFuture<InsertOutcome> f = batcher.insert(SESSION, paths, () -> r);
            futures.add(f);
            visible.add(committedWhenAnswered(f));
        }
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        long commitsBefore = Sql.commits();
        release.countDown();

        InsertOutcome one = futures.get(0).get(30, TimeUnit.SECONDS);
        InsertOutcome two = futures.get(1).get(30, TimeUnit.SECONDS);
        InsertOutcome again = futures.get(3).get(30, TimeUnit.SECONDS);
        InsertOutcome three = futures.get(4).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> futures.get(2).get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SQLException.class);

        assertThat(List.of(one.seq(), two.seq(), three.seq())).as("even, above the runner's 3, in queue order")
                .containsExactly(4L, 6L, 8L);
        assertThat(again).isEqualTo(new InsertOutcome(one.id(), one.seq(), true));
        assertThat(List.of(one.duplicate(), two.duplicate(), three.duplicate())).containsOnly(false);
        for (int i : new int[] {0, 1, 3, 4}) {
            assertThat(visible.get(i).get(30, TimeUnit.SECONDS)).as("row %d committed before its answer", i).isTrue();
        }
        assertThat(Sql.commits() - commitsBefore).as("one commit for the whole batch").isEqualTo(1);
        assertThat(DataInspector.column(DataInspector.rows(paths.inboundDb(),
                "SELECT id FROM messages_in ORDER BY seq"), "id")).hasSize(4).contains(one.id(), two.id(), three.id())
                .doesNotContain(rows.get(2).id(), rows.get(3).id());
        assertThat(batcher.waitingSessions()).isZero();
    }

    /**
     * The runner's max seq is read over the session's cached read-only connection (no open per
     * insert), and that connection still sees every runner commit made after it was opened.
     */
    @Test
    void theOutboundMaxIsReadOverTheCachedConnectionAndSeesLaterRunnerCommits() throws Exception {
        InsertOutcome first = batcher.insert(SESSION, paths, () -> chat("q1", text("first"))).get(30, TimeUnit.SECONDS);
        assertThat(first.seq()).as("even, above the runner's 3").isEqualTo(4L);
        assertThat(files.inbound().connections().openConnections()).as("inbound.db and outbound.db, cached")
                .isEqualTo(2);
        long opens = files.inbound().connections().opens();
        files.replyOut(first.id(), "http", "demo", "five");
        files.replyOut(first.id(), "http", "demo", "seven");

        InsertOutcome second = batcher.insert(SESSION, paths, () -> chat("q2", text("second")))
                .get(30, TimeUnit.SECONDS);

        assertThat(second.seq()).as("above the runner's new 7, not a stale max of 3").isEqualTo(8L);
        assertThat(files.inbound().connections().opens()).as("both files' connections came from the cache")
                .isEqualTo(opens);
    }

    @Test
    void aFailedPreparationFailsOnlyItsOwnInsert() throws Exception {
        holdLane();
        CompletableFuture<InsertOutcome> good = batcher.insert(SESSION, paths, () -> chat("q1", text("fine")));
        CompletableFuture<InsertOutcome> bad = batcher.insert(SESSION, paths, () -> {
            throw new java.io.IOException("folder refused");
        });
        release.countDown();
        assertThat(good.get(30, TimeUnit.SECONDS).seq()).isEqualTo(4L);
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(java.io.IOException.class);
        assertThat(DataInspector.rows(paths.inboundDb(), "SELECT id FROM messages_in WHERE platform_message_id = 'q2'"))
                .isEmpty();
    }

    @Test
    void aQuarantinedSessionFailsEveryQueuedInsert() throws Exception {
        holdLane();
        CompletableFuture<InsertOutcome> a = batcher.insert(SESSION, paths, () -> chat("r1", text("a")));
        CompletableFuture<InsertOutcome> b = batcher.insert(SESSION, paths, () -> chat("r2", text("b")));
        files.inbound().quarantine().quarantine(paths, "test: broken file");
        release.countDown();
        for (CompletableFuture<InsertOutcome> f : List.of(a, b)) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SessionQuarantinedException.class);
        }
    }
}
