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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deferred write waits for the session's next inbound transaction, on a real session folder:
 * an insert carries it in its own commit, any other use of the file commits it first, a failing
 * one fails alone, and idling, shutdown and quarantine never leave one behind unreported.
 */
class DeferredWritesTest {
    private static final String SESSION = "s-deferred";

    @TempDir
    Path data;
    SessionFiles files;
    SessionPaths paths;
    InboundDb inbound;
    String reply;
    final SessionLanes lanes = new SessionLanes(2);

    @BeforeEach
    void setUp() throws Exception {
        files = new SessionFiles(data, "g-echo", SESSION, "http", "demo");
        paths = files.paths();
        inbound = files.inbound();
        String first = files.chatIn("http", "demo", "hello"); // seq 2
        reply = files.replyOut(first, "http", "demo", "echo: hello"); // seq 3 in outbound.db
    }

    @AfterEach
    void tearDown() {
        lanes.close();
    }

    /** Records its outcome; writes the reply's delivered row, or fails when told to. */
    static final class Write implements DeferredWrite {
        final String sql;
        final Object[] args;
        final AtomicInteger committed = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        Write(String sql, Object... args) {
            this.sql = sql;
            this.args = args;
        }

        @Override
        public void write(Connection tx) throws SQLException {
            Sql.update(tx, sql, args);
        }

        @Override
        public void committed() {
            committed.incrementAndGet();
        }

        @Override
        public void failed(Throwable cause) {
            failures.add(cause);
        }
    }

    private Write delivered(String platformId) {
        return new Write("INSERT INTO delivered(message_out_id, platform_message_id, status, delivered_at) "
                + "VALUES (?, ?, 'delivered', '2026-11-22T10:00:01.000Z') ON CONFLICT DO UPDATE SET "
                + "platform_message_id = excluded.platform_message_id", reply, platformId);
    }

    private List<Object> deliveredIds() throws Exception {
        return DataInspector.column(DataInspector.rows(paths.inboundDb(),
                "SELECT platform_message_id FROM delivered"), "platform_message_id");
    }

    private void onLane(Runnable r) throws Exception {
        lanes.submit(SESSION, () -> {
            r.run();
            return null;
        }).get(30, TimeUnit.SECONDS);
    }

    private InsertOutcome insert(String platformMessageId) throws Exception {
        InsertBatcher batcher = new InsertBatcher(lanes, inbound, new InboundWriter());
        return batcher.insert(SESSION, paths, () -> new NewInbound(Ids.mint(Ids.MESSAGE_IN), MessageKind.CHAT,
                "2026-11-22T10:00:02.000Z", null, true, "demo", "http", null, platformMessageId, null,
                Json.write(Json.object().put("text", "next")))).get(30, TimeUnit.SECONDS);
    }

    @Test
    void theNextInsertCarriesAWaitingWriteInItsOwnSingleCommit() throws Exception {
        Write w = delivered("p-1");
        onLane(() -> inbound.defer(paths, w));
        assertThat(deliveredIds()).as("nothing written while it waits").isEmpty();
        assertThat(inbound.isDeferred(paths, w)).isTrue();

        long commits = Sql.commits();
        InsertOutcome next = insert("p-next");

        assertThat(Sql.commits() - commits).as("the insert and the waiting write share one commit").isEqualTo(1);
        assertThat(next.seq()).as("seq minting unchanged: even, above the runner's 3").isEqualTo(4L);
        assertThat(deliveredIds()).containsExactly("p-1");
        assertThat(w.committed).hasValue(1);
        assertThat(w.failures).isEmpty();
        assertThat(inbound.isDeferred(paths, w)).isFalse();

        long after = Sql.commits();
        onLane(() -> inbound.flushDeferred(paths, w));
        assertThat(Sql.commits() - after).as("its timer finds it carried already: no commit").isZero();
        assertThat(w.committed).hasValue(1);
    }

    @Test
    void anyOtherUseOfTheFileCommitsWaitingWritesFirstInOrder() throws Exception {
        Write first = delivered("p-1");
        Write second = delivered("p-2");
        onLane(() -> {
            inbound.defer(paths, first);
            inbound.defer(paths, second);
        });
        List<String> seen = lanes.submit(SESSION, () -> inbound.with(paths, c -> Sql.list(c,
                "SELECT platform_message_id FROM delivered", rs -> rs.getString(1)))).get(30, TimeUnit.SECONDS);
        assertThat(seen).as("the reader sees them, the later write last").containsExactly("p-2");
        assertThat(List.of(first.committed.get(), second.committed.get())).containsExactly(1, 1);
        assertThat(deliveredIds()).containsExactly("p-2");
    }

    @Test
    void aUseThatFailsAfterCommittingWhatWaitedReportsItCommittedOnly() throws Exception {
        Write w = delivered("p-1");
        onLane(() -> inbound.defer(paths, w));
        assertThatThrownBy(() -> lanes.submit(SESSION, () -> inbound.with(paths, c -> Sql.list(c,
                "SELECT no_such_column FROM delivered", rs -> rs.getString(1)))).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SQLException.class);
        assertThat(w.committed).hasValue(1);
        assertThat(w.failures).as("committed before the use failed: never reported lost").isEmpty();
        assertThat(deliveredIds()).containsExactly("p-1");
    }

    @Test
    void aFailingWaitingWriteFailsAloneAndTheInsertStillCommits() throws Exception {
        Write bad = new Write("INSERT INTO no_such_table VALUES (1)");
        Write good = delivered("p-1");
        onLane(() -> {
            inbound.defer(paths, bad);
            inbound.defer(paths, good);
        });
        InsertOutcome next = insert("p-next");
        assertThat(next.seq()).isEqualTo(4L);
        assertThat(bad.failures).singleElement().isInstanceOf(SQLException.class);
        assertThat(bad.committed).hasValue(0);
        assertThat(good.committed).hasValue(1);
        assertThat(deliveredIds()).containsExactly("p-1");
    }

    @Test
    void aTimersFlushCommitsAWriteNothingCarried() throws Exception {
        Write w = delivered("p-1");
        onLane(() -> inbound.defer(paths, w));
        long commits = Sql.commits();
        onLane(() -> inbound.flushDeferred(paths, w));
        assertThat(Sql.commits() - commits).isEqualTo(1);
        assertThat(deliveredIds()).containsExactly("p-1");
        assertThat(w.committed).hasValue(1);
    }

    @Test
    void idlingAndShutdownCommitWhatWaits() throws Exception {
        Write beforeIdle = delivered("p-1");
        onLane(() -> inbound.defer(paths, beforeIdle));
        onLane(() -> inbound.idle(paths));
        assertThat(deliveredIds()).containsExactly("p-1");
        assertThat(inbound.connections().openConnections()).as("idle still closes the connections").isZero();

        Write beforeClose = delivered("p-2");
        onLane(() -> inbound.defer(paths, beforeClose));
        lanes.close();
        inbound.close();
        assertThat(deliveredIds()).containsExactly("p-2");
        assertThat(beforeClose.committed).hasValue(1);
    }

    @Test
    void quarantiningTheSessionFailsWhatWaitsWithoutWritingIt() throws Exception {
        Write w = delivered("p-1");
        onLane(() -> inbound.defer(paths, w));
        inbound.quarantine().quarantine(paths, "test: broken file");
        assertThat(w.failures).singleElement().isInstanceOf(SessionQuarantinedException.class);
        assertThat(inbound.isDeferred(paths, w)).isFalse();
        assertThat(deliveredIds()).isEmpty();
    }
}
