package io.tandem.host.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.containers.RunnerLauncher;
import io.tandem.host.containers.RunnerScheduler;
import io.tandem.host.containers.RunnerSupervisor;
import io.tandem.host.containers.SlotPolicy;
import io.tandem.host.delivery.DeliveryService;
import io.tandem.host.delivery.PendingQuestions;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.Quarantine;
import io.tandem.host.session.SessionController;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.host.sweep.SweepSkip.Verdict;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real sweep over real session files, with the real controller and delivery service (issue 6):
 * once idle, a pass over many sessions visits none of them and opens no database (their files'
 * access times do not move); a session is visited again as soon as its inbound.db gets a row, a
 * runner commits to its outbound.db, or a {@code process_after} it reported falls due.
 */
class SweepVerticleTest {
    private static final int SESSIONS = 40;
    private static final Duration INTERVAL = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    /** Ahead of the wall clock, so the files written now are older than every stat (no racy stamps). */
    private final SettableClock clock = new SettableClock(Instant.now().plus(Duration.ofHours(1)));
    private final List<OutboundDelivery> sent = new CopyOnWriteArrayList<>();
    private final List<SessionFiles> files = new ArrayList<>();
    private final List<SessionRef> refs = new ArrayList<>();
    private SessionLanes lanes;
    private Timers timers;
    private CentralDb central;
    private SessionController controller;
    private SweepVerticle sweep;

    @BeforeEach
    void open() throws Exception {
        Path data = tmp.resolve("data");
        lanes = new SessionLanes(4);
        timers = new Timers(clock);
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        CentralStores store = CentralStores.sqlite(clock);
        List<String> ids = central.call(c -> Sql.tx(c, tx -> {
            EmbeddedDefaults.applyIfEmpty(tx, store);
            List<String> made = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                made.add(store.sessions().findOrCreateSession(tx, EmbeddedDefaults.GROUP, null, "t" + i).id());
            }
            return made;
        }));
        for (String id : ids) {
            SessionFiles f = new SessionFiles(data, EmbeddedDefaults.GROUP, id, "http", "demo");
            String hello = f.chatIn("http", "demo", "hello");
            f.replyOut(hello, "http", "demo", "hi");
            f.ack(hello, 0, "completed");
            files.add(f);
            refs.add(new SessionRef(id, EmbeddedDefaults.GROUP, f.paths()));
        }
        InboundDb inbound = new InboundDb(Durability.POWER, new Quarantine(clock));
        // the one slot is held by another session: a session with due work queues, no runner is spawned
        RunnerScheduler scheduler = new RunnerScheduler(new SlotPolicy(1, Duration.ZERO), clock, Set::of);
        assertThat(scheduler.request("elsewhere", clock.instant())).isEqualTo(new SlotPolicy.Granted());
        RunnerSupervisor supervisor = new RunnerSupervisor(List.of(), clock);
        controller = new SessionController(data, central, store, lanes, inbound, scheduler, supervisor,
                new RunnerLauncher(data, null, null, null, supervisor), timers, clock, 5);
        ChannelRegistry channels = new ChannelRegistry();
        channels.register(new Recording());
        DeliveryService delivery = new DeliveryService(lanes, inbound, channels, s -> { }, clock, 3,
                PendingQuestions.unavailable(), Duration.ofHours(24));
        sweep = new SweepVerticle(data, central, store, controller, delivery, INTERVAL, Duration.ofDays(1), clock);
    }

    @AfterEach
    void close() {
        sweep.stop();
        timers.close();
        lanes.close();
        central.close();
    }

    @Test
    void aWallClockJumpBetweenPassesIsLoggedOnce() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ch.qos.logback.classic.Logger sweepLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SweepVerticle.class);
        sweepLog.addAppender(logged);
        try {
            pass();
            clock.advance(Duration.ofHours(1)); // the wall clock moves an hour, elapsed time barely
            pass();
            pass();
        } finally {
            sweepLog.detachAppender(logged);
        }
        var jumps = logged.list.stream().filter(e -> e.getMessage().equals("clock.jump")).toList();
        assertThat(jumps).as("one log line for the one jump, none for the pass after it").hasSize(1);
        assertThat(jumps.get(0).getKeyValuePairs()).anySatisfy(kv -> {
            assertThat(kv.key).isEqualTo("direction");
            assertThat(kv.value).isEqualTo("forward");
        });
    }

    @Test
    void idleSessionsAreSkippedWithoutOpeningAndVisitedWhenTheirFilesChangeOrATimerIsDue() throws Exception {
        SweepVerticle.Pass first = pass();
        assertThat(first.visited()).as("first pass after start: every session").isEqualTo(SESSIONS);
        assertThat(first.verdicts()).containsEntry(Verdict.FIRST, SESSIONS);
        await().atMost(60, TimeUnit.SECONDS).until(() -> sent.size() == SESSIONS);
        settle();

        // a real visit moves the access time of the files it opens (relatime: atime older than mtime)
        ageAccessTimes(files.get(0));
        controller.request(refs.get(0), "probe").get(60, TimeUnit.SECONDS);
        assertThat(accessed(files.get(0))).as("the probe sees a visit").isTrue();

        files.forEach(this::ageAccessTimes);
        SweepVerticle.Pass idle = pass();
        assertThat(idle.sessions()).isEqualTo(SESSIONS);
        assertThat(idle.visited()).isZero();
        assertThat(idle.skipped()).isEqualTo(SESSIONS);
        assertThat(idle.verdicts()).containsExactlyEntriesOf(Map.of(Verdict.SKIP, SESSIONS));
        assertThat(files.stream().filter(this::accessed).toList()).as("databases opened by an idle pass").isEmpty();

        // a message routed to one, a runner commit in another, a row due in 90 s in a third
        SessionFiles routed = files.get(1);
        SessionFiles committed = files.get(2);
        SessionFiles scheduled = files.get(3);
        String before = committed.chatIn("http", "demo", "one more");
        committed.ack(before, 0, "completed");
        settle();
        routed.chatIn("http", "demo", "are you there?");
        committed.replyOut(before, "http", "demo", "written by the runner");
        Instant due = clock.instant().plusSeconds(90);
        scheduled.inbound().with(scheduled.paths(), c -> new InboundWriter().insertOne(c, scheduled.paths(),
                new NewInbound(Ids.mint(Ids.MESSAGE_IN), MessageKind.TASK, Timestamps.format(clock.instant()),
                        Timestamps.format(due), true, null, null, null, null, null, "{\"prompt\":\"later\"}")));
        SweepVerticle.Pass changed = pass();
        assertThat(changed.visitedSessions()).containsOnlyKeys(id(routed), id(committed), id(scheduled))
                .containsValues(Verdict.CHANGED);
        await().atMost(60, TimeUnit.SECONDS).until(() -> sent.stream()
                .anyMatch(d -> d.content().toString().contains("written by the runner")));

        // the scheduled row: quiet until due, then visited by the sweep (its timer is 90 s away in real time)
        clock.advance(Duration.ofSeconds(30));
        SweepVerticle.Pass notYet = pass();
        assertThat(notYet.visitedSessions()).doesNotContainKey(id(scheduled));
        clock.advance(Duration.ofSeconds(61));
        SweepVerticle.Pass nowDue = pass();
        assertThat(nowDue.visitedSessions()).containsEntry(id(scheduled), Verdict.DUE);
        assertThat(nowDue.visitedSessions()).doesNotContainKeys(refs.subList(4, SESSIONS).stream()
                .map(SessionRef::sessionId).toArray(String[]::new));
    }

    /** Passes until the controller's ack syncs and delivery's records are visited once more and nothing is left. */
    private void settle() throws Exception {
        for (int i = 0; i < 6; i++) {
            clock.advance(INTERVAL);
            if (pass().visited() == 0) {
                return;
            }
        }
        throw new AssertionError("sessions never went quiet: " + pass());
    }

    private SweepVerticle.Pass pass() throws Exception {
        return sweep.sweep().get(120, TimeUnit.SECONDS);
    }

    private static String id(SessionFiles f) {
        return f.paths().root().getFileName().toString();
    }

    private static final FileTime OLD = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    private void ageAccessTimes(SessionFiles f) {
        try {
            for (Path p : List.of(f.paths().inboundDb(), f.paths().outboundDb())) {
                Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(null, OLD, null);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean accessed(SessionFiles f) {
        try {
            for (Path p : List.of(f.paths().inboundDb(), f.paths().outboundDb())) {
                if (!Files.readAttributes(p, BasicFileAttributes.class).lastAccessTime().equals(OLD)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final class Recording implements Channel {
        @Override
        public String channelType() {
            return "http";
        }

        @Override
        public boolean supportsThreads() {
            return true;
        }

        @Override
        public boolean started() {
            return true;
        }

        @Override
        public CompletableFuture<String> send(OutboundDelivery d) {
            sent.add(d);
            return CompletableFuture.completedFuture("p-" + sent.size());
        }
    }
}
