package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's cache of open session connections (issue 6): reused while the file is the same,
 * reopened transparently after eviction or replacement, dropped after failures and quarantine,
 * never closed under a lane that is using it. Real files, real lanes.
 */
class SessionConnectionsTest {
    @TempDir
    Path tmp;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private InboundDb inbound(int capacity) {
        InboundDb db = new InboundDb(Durability.POWER, new Quarantine(clock),
                new SessionConnections(capacity, Durability.POWER, clock));
        closing.add(db);
        return db;
    }

    private SessionFiles session(String id) throws Exception {
        return new SessionFiles(tmp.resolve("data"), "ag-1", id, "http", "chat-" + id);
    }

    private static int addDestination(Connection c, String name) throws SQLException {
        return Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO destinations(name, type, channel_type, platform_id) "
                + "VALUES (?, 'channel', 'http', 'x')", name));
    }

    private static long destinations(Connection c) throws SQLException {
        return Sql.longValue(c, "SELECT count(*) FROM destinations WHERE platform_id = 'x'");
    }

    private static long outboundRows(InboundDb db, SessionFiles s) throws SQLException {
        ReadResult<Long> r = db.outbound().read(s.paths(), oc -> Sql.longValue(oc, "SELECT count(*) FROM messages_out"));
        assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
        return r.orElse(-1L);
    }

    @Test
    void aSessionUsedAgainReusesItsConnections() throws Exception {
        SessionFiles a = session("s-a");
        a.replyOut(null, "http", "chat-s-a", "one");
        InboundDb db = inbound(4);
        for (int i = 0; i < 5; i++) {
            String name = "d" + i;
            db.with(a.paths(), c -> addDestination(c, name));
            assertThat(outboundRows(db, a)).isEqualTo(1);
        }
        assertThat(db.with(a.paths(), SessionConnectionsTest::destinations)).isEqualTo(5);
        assertThat(db.connections().opens()).isEqualTo(2);
        assertThat(db.connections().openConnections()).isEqualTo(2);
    }

    @Test
    void anEvictedConnectionIsReopenedTransparentlyAndTheOpenCountStaysBounded() throws Exception {
        SessionFiles a = session("s-a");
        SessionFiles b = session("s-b");
        a.replyOut(null, "http", "chat-s-a", "one");
        b.replyOut(null, "http", "chat-s-b", "one");
        b.replyOut(null, "http", "chat-s-b", "two");
        InboundDb db = inbound(1);
        for (int i = 0; i < 6; i++) {
            SessionFiles s = i % 2 == 0 ? a : b;
            String name = "d" + i;
            db.with(s.paths(), c -> addDestination(c, name));
            assertThat(outboundRows(db, s)).isEqualTo(s == a ? 1 : 2);
            assertThat(db.connections().openConnections()).isLessThanOrEqualTo(2);
            assertThat(db.connections().cachedSessions()).isEqualTo(1);
        }
        assertThat(db.with(a.paths(), SessionConnectionsTest::destinations)).isEqualTo(3);
        assertThat(db.with(b.paths(), SessionConnectionsTest::destinations)).isEqualTo(3);
        // every switch of session reopened: 6 uses (inbound + outbound) and the two counts above
        assertThat(db.connections().opens()).isEqualTo(6 * 2 + 2);
    }

    @Test
    void aReplacedInboundDbIsReadFresh() throws Exception {
        SessionFiles a = session("s-a");
        InboundDb db = inbound(4);
        db.with(a.paths(), c -> addDestination(c, "old"));
        assertThat(db.with(a.paths(), SessionConnectionsTest::destinations)).isEqualTo(1);

        SessionFiles other = new SessionFiles(tmp.resolve("other"), "ag-1", "s-a", "http", "chat-s-a");
        other.inbound().with(other.paths(), c -> addDestination(c, "n1") + addDestination(c, "n2"));
        other.inbound().close();
        Files.move(other.paths().inboundDb(), a.paths().inboundDb(), StandardCopyOption.REPLACE_EXISTING);

        assertThat(db.with(a.paths(), SessionConnectionsTest::destinations)).isEqualTo(2);
        assertThat(db.connections().opens()).isEqualTo(2);
    }

    @Test
    void aReplacedOrDeletedOutboundDbIsReadFresh() throws Exception {
        SessionFiles a = session("s-a");
        a.replyOut(null, "http", "chat-s-a", "one");
        InboundDb db = inbound(4);
        assertThat(outboundRows(db, a)).isEqualTo(1);

        SessionFiles other = new SessionFiles(tmp.resolve("other"), "ag-1", "s-a", "http", "chat-s-a");
        for (int i = 0; i < 3; i++) {
            other.replyOut(null, "http", "chat-s-a", "r" + i);
        }
        Files.move(other.paths().outboundDb(), a.paths().outboundDb(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(outboundRows(db, a)).isEqualTo(3);

        Files.delete(a.paths().outboundDb());
        assertThat(db.outbound().read(a.paths(), oc -> 1).status()).isEqualTo(ReadResult.Status.MISSING);
        assertThat(db.connections().openConnections()).isZero();
    }

    /**
     * A user_version remembered for a cached connection (so a use skips its PRAGMA) never outlives
     * that connection: a replaced outbound.db at version 0 reads as empty again, and a replaced
     * inbound.db newer than this build still quarantines the session.
     */
    @Test
    void aRememberedUserVersionNeverOutlivesItsFile() throws Exception {
        SessionFiles a = session("s-a");
        a.replyOut(null, "http", "chat-s-a", "one");
        InboundDb db = inbound(4);
        assertThat(outboundRows(db, a)).isEqualTo(1);
        assertThat(outboundRows(db, a)).as("read again over the same connection").isEqualTo(1);
        db.with(a.paths(), SessionConnectionsTest::destinations);

        Path blank = tmp.resolve("blank.db");
        try (Connection c = SqliteOpener.openSession(blank, Durability.POWER)) {
            Sql.exec(c, "CREATE TABLE messages_out(seq INTEGER)");
        }
        Files.move(blank, a.paths().outboundDb(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(db.outbound().read(a.paths(), oc -> 1).status()).isEqualTo(ReadResult.Status.EMPTY);

        SessionFiles other = new SessionFiles(tmp.resolve("other"), "ag-1", "s-a", "http", "chat-s-a");
        other.inbound().with(other.paths(), c -> {
            Sql.exec(c, "PRAGMA user_version = " + (SessionSchema.INBOUND.version() + 1));
            return null;
        });
        other.inbound().close();
        Files.move(other.paths().inboundDb(), a.paths().inboundDb(), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> db.with(a.paths(), SessionConnectionsTest::destinations))
                .isInstanceOf(SessionQuarantinedException.class).hasMessageContaining(SessionSchema.NEWER_SESSION_FILE);
    }

    @Test
    void aFileCorruptedAfterCachingStillQuarantinesAndItsConnectionsClose() throws Exception {
        SessionFiles a = session("s-a");
        a.replyOut(null, "http", "chat-s-a", "one");
        InboundDb db = inbound(4);
        db.with(a.paths(), c -> outboundRows(db, a));
        assertThat(db.connections().openConnections()).isEqualTo(2);

        Files.write(a.paths().inboundDb(), new byte[8192]);

        assertThatThrownBy(() -> db.with(a.paths(), SessionConnectionsTest::destinations))
                .isInstanceOf(SessionQuarantinedException.class).hasMessageContaining("unreadable");
        assertThat(Quarantine.reason(a.paths())).isPresent();
        assertThat(db.connections().openConnections()).isZero();
        assertThatThrownBy(() -> db.with(a.paths(), c -> 1)).isInstanceOf(SessionQuarantinedException.class);
        assertThat(db.connections().openConnections()).isZero();
    }

    @Test
    void aQuarantineMarkedElsewhereClosesTheSessionsConnections() throws Exception {
        SessionFiles a = session("s-a");
        InboundDb db = inbound(4);
        db.with(a.paths(), SessionConnectionsTest::destinations);
        assertThat(db.connections().openConnections()).isEqualTo(1);
        db.quarantine().quarantine(a.paths(), "broken by test");
        assertThat(db.connections().openConnections()).isZero();
    }

    @Test
    void noConnectionIsLeftInsideATransactionAfterAFailingWork() throws Exception {
        SessionFiles a = session("s-a");
        InboundDb db = inbound(4);
        db.with(a.paths(), SessionConnectionsTest::destinations);
        assertThatThrownBy(() -> db.with(a.paths(), c -> {
            Sql.exec(c, "BEGIN IMMEDIATE");
            Sql.update(c, "INSERT INTO destinations(name, type, channel_type, platform_id) "
                    + "VALUES ('lost', 'channel', 'http', 'x')");
            throw new SQLException("work failed half way");
        })).hasMessageContaining("half way");
        assertThat(db.connections().openConnections()).isZero();
        assertOtherWriterGetsTheLockAndSeesNoRow(a);
        assertThat(db.with(a.paths(), SessionConnectionsTest::destinations)).isZero();
    }

    @Test
    void aWorkThatReturnsWithATransactionOpenHasItRolledBack() throws Exception {
        SessionFiles a = session("s-a");
        InboundDb db = inbound(4);
        db.with(a.paths(), c -> {
            Sql.exec(c, "BEGIN IMMEDIATE");
            return Sql.update(c, "INSERT INTO destinations(name, type, channel_type, platform_id) "
                    + "VALUES ('lost', 'channel', 'http', 'x')");
        });
        assertThat(db.connections().openConnections()).isZero();
        assertOtherWriterGetsTheLockAndSeesNoRow(a);
    }

    private static void assertOtherWriterGetsTheLockAndSeesNoRow(SessionFiles a) throws SQLException {
        try (Connection other = SqliteOpener.openSession(a.paths().inboundDb(), Durability.POWER,
                Duration.ofMillis(200))) {
            assertThat(destinations(other)).isZero();
            assertThat(addDestination(other, "other")).isEqualTo(1);
            Sql.update(other, "DELETE FROM destinations WHERE name = 'other'");
        }
    }

    @Test
    void eldestIdleSessionsCloseAndReopenOnNextUse() throws Exception {
        SessionFiles a = session("s-a");
        SessionFiles b = session("s-b");
        InboundDb db = inbound(4);
        db.with(a.paths(), c -> addDestination(c, "a"));
        clock.advance(Duration.ofMinutes(3));
        db.with(b.paths(), c -> addDestination(c, "b"));
        assertThat(db.connections().closeIdle(Duration.ofMinutes(2))).isEqualTo(1);
        assertThat(db.connections().openConnections()).isEqualTo(1);
        assertThat(db.with(a.paths(), SessionConnectionsTest::destinations)).isEqualTo(1);
        assertThat(db.connections().opens()).isEqualTo(3);
        db.idle(a.paths());
        db.idle(b.paths());
        assertThat(db.connections().openConnections()).isZero();
    }

    @Test
    void evictionNeverClosesAConnectionInUseOnAnotherLane() throws Exception {
        SessionFiles a = session("s-a");
        SessionFiles b = session("s-b");
        InboundDb db = inbound(1);
        CountDownLatch using = new CountDownLatch(1);
        CountDownLatch evicted = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Long> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return db.with(a.paths(), c -> {
                        addDestination(c, "before");
                        using.countDown();
                        awaitOrFail(evicted);
                        addDestination(c, "after");
                        return destinations(c);
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, other);
            assertThat(using.await(30, TimeUnit.SECONDS)).isTrue();
            db.with(b.paths(), c -> addDestination(c, "b"));
            assertThat(db.connections().cachedSessions()).isEqualTo(1);
            evicted.countDown();
            assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(db.connections().openConnections()).isEqualTo(1);
        } finally {
            other.shutdownNow();
        }
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void manySessionsOnTheRealLanesShareASmallCacheWithoutErrors() throws Exception {
        int sessions = 12;
        int rounds = 25;
        List<SessionFiles> files = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            SessionFiles s = session("s-" + i);
            s.replyOut(null, "http", "chat-s-" + i, "one");
            files.add(s);
        }
        InboundDb db = inbound(3);
        SessionLanes lanes = new SessionLanes(6);
        closing.add(0, lanes);
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (SessionFiles s : files) {
                String name = "d" + r;
                all.add(lanes.submit(s.paths().root().getFileName().toString(), () -> db.with(s.paths(), c -> {
                    addDestination(c, name);
                    return outboundRows(db, s);
                })));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertThat(all).allSatisfy(f -> assertThat(f.join()).isEqualTo(1));
        for (SessionFiles s : files) {
            assertThat(db.with(s.paths(), SessionConnectionsTest::destinations)).isEqualTo(rounds);
        }
        assertThat(db.connections().cachedSessions()).isLessThanOrEqualTo(3);
        assertThat(db.connections().openConnections()).isLessThanOrEqualTo(2 * 3);
    }
}
