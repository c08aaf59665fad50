package io.tandem.host.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.Quarantine;
import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention deletes only what is old and finished (issue 11), on real central and session files
 * with the real lanes and a settable clock: old completed rows go, pending, failed, recurring,
 * recent and the newest rows stay; a {@code delivered} row goes only once its outbound row is gone;
 * the old drop audit goes; a long-closed session's folder is archived and a recently closed one
 * stays; a broken session file is skipped without stopping the pass.
 */
class RetentionPassTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final String OLD = Timestamps.format(NOW.minus(Duration.ofDays(100)));
    private static final String RECENT = Timestamps.format(NOW.minus(Duration.ofDays(1)));
    private static final String GROUP = EmbeddedDefaults.GROUP;

    @TempDir
    Path tmp;
    private final SettableClock clock = new SettableClock(NOW);
    private Path data;
    private CentralDb central;
    private CentralStores store;
    private SessionLanes lanes;
    private InboundDb inbound;

    @BeforeEach
    void open() throws Exception {
        data = tmp.resolve("data");
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        store = CentralStores.sqlite(clock);
        central.call(c -> EmbeddedDefaults.applyIfEmpty(c, store));
        lanes = new SessionLanes(2);
        inbound = new InboundDb(Durability.POWER, new Quarantine(clock));
    }

    @AfterEach
    void close() {
        lanes.close();
        inbound.close();
        central.close();
    }

    private String session(String thread) throws Exception {
        return central.call(c -> store.sessions().findOrCreateSession(c, GROUP, null, thread).id());
    }

    @Test
    void deletesOnlyWhatIsOldAndFinished() throws Exception {
        String s = session("t-live");
        SessionFiles files = new SessionFiles(data, GROUP, s, "http", "demo");
        try (Connection c = SqliteOpener.openSession(files.paths().inboundDb(), Durability.POWER)) {
            in(c, "old-completed", 2, "completed", OLD, null);
            in(c, "old-failed", 4, "failed", OLD, null);
            in(c, "old-pending", 6, "pending", OLD, null);
            in(c, "old-recurring", 8, "completed", OLD, "0 9 * * *");
            in(c, "recent-completed", 10, "completed", RECENT, null);
            in(c, "old-newest", 12, "completed", OLD, null);
            delivered(c, "mo-gone", OLD);
            delivered(c, "mo-here", OLD);
            delivered(c, "mo-gone-recent", RECENT);
            Sql.update(c, "INSERT INTO delivery_attempts(message_out_id, attempts) VALUES ('mo-gone', 1)");
        }
        Files.createDirectories(files.paths().outDir());
        try (Connection c = SqliteOpener.openSession(files.paths().outboundDb(), Durability.POWER)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.update(c, "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES "
                    + "('mo-here', 1, ?, 'chat', '{}')", OLD);
        }
        String broken = session("t-broken");
        Path brokenDb = new SessionFiles(data, GROUP, broken, "http", "demo").paths().inboundDb();
        Files.write(brokenDb, new byte[8192]); // zeros: not a database
        central.call(c -> {
            Sql.update(c, "INSERT INTO unregistered_senders(channel_type, platform_id, user_id, sender_name, reason, "
                    + "message_count, first_seen, last_seen) VALUES ('http', 'old-chat', 'u', 'U', 'unknown_chat', 1, "
                    + "?, ?), ('http', 'new-chat', 'u', 'U', 'unknown_chat', 1, ?, ?)", OLD, OLD, RECENT, RECENT);
            return null;
        });
        String closedLong = closedSession("t-closed-long", OLD);
        String closedRecent = closedSession("t-closed-recent", RECENT);

        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(90), Duration.ofDays(30),
                RetentionPolicy.ClosedSessionAction.ARCHIVE);
        RetentionPass pass = new RetentionPass(data, central, store, lanes, inbound, policy, clock);
        RetentionPass.Summary sum = pass.pass().get(60, TimeUnit.SECONDS);

        assertThat(sum.messages()).isEqualTo(1);
        assertThat(sum.delivered()).isEqualTo(1);
        assertThat(sum.dropAudit()).isEqualTo(1);
        assertThat(sum.closedFolders()).isEqualTo(1);
        assertThat(sum.failedSessions()).as("the broken session is skipped, the pass goes on").isEqualTo(1);
        try (Connection c = SqliteOpener.openReadOnly(files.paths().inboundDb())) {
            assertThat(Sql.list(c, "SELECT id FROM messages_in ORDER BY seq", rs -> rs.getString(1)))
                    .containsExactly("old-failed", "old-pending", "old-recurring", "recent-completed", "old-newest");
            assertThat(Sql.list(c, "SELECT message_out_id FROM delivered ORDER BY 1", rs -> rs.getString(1)))
                    .containsExactly("mo-gone-recent", "mo-here");
            assertThat(Sql.longValue(c, "SELECT count(*) FROM delivery_attempts")).isZero();
        }
        List<String> audit = central.call(c -> Sql.list(c, "SELECT platform_id FROM unregistered_senders",
                rs -> rs.getString(1)));
        assertThat(audit).containsExactly("new-chat");
        assertThat(data.resolve("sessions").resolve(GROUP).resolve(closedLong)).doesNotExist();
        assertThat(data.resolve("archive").resolve(GROUP).resolve(closedLong).resolve("inbound.db")).exists();
        assertThat(data.resolve("sessions").resolve(GROUP).resolve(closedRecent)).exists();

        RetentionPass.Summary again = pass.pass().get(60, TimeUnit.SECONDS);
        assertThat(List.of(again.messages(), again.delivered(), again.dropAudit(), again.closedFolders()))
                .as("a second pass finds nothing more").containsOnly(0);
    }

    @Test
    void zeroKeepsEverything() throws Exception {
        String s = session("t-keep");
        SessionFiles files = new SessionFiles(data, GROUP, s, "http", "demo");
        try (Connection c = SqliteOpener.openSession(files.paths().inboundDb(), Durability.POWER)) {
            in(c, "old-completed", 2, "completed", OLD, null);
            in(c, "old-newest", 4, "completed", OLD, null);
        }
        RetentionPass.Summary sum = new RetentionPass(data, central, store, lanes, inbound, RetentionPolicy.keepAll(),
                clock).pass().get(60, TimeUnit.SECONDS);
        assertThat(sum.messages()).isZero();
        try (Connection c = SqliteOpener.openReadOnly(files.paths().inboundDb())) {
            assertThat(Sql.longValue(c, "SELECT count(*) FROM messages_in")).isEqualTo(2);
        }
    }

    private String closedSession(String thread, String lastActive) throws Exception {
        String id = session(thread);
        new SessionFiles(data, GROUP, id, "http", "demo");
        central.call(c -> {
            store.sessions().closeSession(c, id);
            Sql.update(c, "UPDATE sessions SET last_active = ? WHERE id = ?", lastActive, id);
            return null;
        });
        return id;
    }

    private static void in(Connection c, String id, long seq, String status, String ts, String recurrence)
            throws Exception {
        Sql.update(c, "INSERT INTO messages_in(id, seq, kind, timestamp, status, recurrence, series_id, content) "
                + "VALUES (?, ?, 'chat', ?, ?, ?, ?, '{\"text\":\"x\"}')", id, seq, ts, status, recurrence, id);
    }

    private static void delivered(Connection c, String id, String at) throws Exception {
        Sql.update(c, "INSERT INTO delivered(message_out_id, platform_message_id, status, delivered_at) "
                + "VALUES (?, 'p', 'delivered', ?)", id, at);
    }
}
