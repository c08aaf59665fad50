package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.runner.SessionFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared watch (one service and one dispatcher for every session of the JVM), on real
 * session folders written the way the host writes them.
 */
class InboundWatcherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private SessionFixture session(String name) throws Exception {
        return SessionFixture.create(tmp.resolve(name));
    }

    private InboundWatcher watch(SessionFixture s, AtomicInteger wakes) {
        InboundWatcher w = InboundWatcher.start(s.paths.root(), wakes::incrementAndGet, "s");
        assertThat(w).isNotNull();
        open.add(w);
        return w;
    }

    @Test
    void two_sessions_share_one_dispatcher_and_each_wakes_only_its_own() throws Exception {
        SessionFixture a = session("a");
        SessionFixture b = session("b");
        AtomicInteger wakesA = new AtomicInteger();
        AtomicInteger wakesB = new AtomicInteger();
        watch(a, wakesA);
        watch(b, wakesB);
        assertThat(SharedWatch.jvm().watchedFolders()).isEqualTo(2);
        assertThat(threadsNamed("inbound-watch")).isEqualTo(1);

        a.insertChat("for a", true);
        await("a woken").atMost(DEADLINE).until(() -> wakesA.get() > 0);
        b.insertChat("for b", true);
        await("b woken").atMost(DEADLINE).until(() -> wakesB.get() > 0);
        int aAfterOwn = wakesA.get();
        b.insertChat("for b again", true);
        await("b woken again").atMost(DEADLINE).until(() -> wakesB.get() > 1);
        assertThat(wakesA.get()).as("b's commits never wake a").isEqualTo(aAfterOwn);
    }

    @Test
    void a_closed_watch_never_fires_again_and_the_last_close_ends_the_service() throws Exception {
        SessionFixture a = session("a");
        SessionFixture b = session("b");
        AtomicInteger wakesA = new AtomicInteger();
        AtomicInteger wakesB = new AtomicInteger();
        InboundWatcher wa = watch(a, wakesA);
        watch(b, wakesB);
        a.insertChat("before close", true);
        await("a woken").atMost(DEADLINE).until(() -> wakesA.get() > 0);

        wa.close();
        int atClose = wakesA.get();
        a.insertChat("after close", true);
        b.insertChat("b after a closed", true); // the dispatcher has handled a's later events once b's fire
        await("b woken").atMost(DEADLINE).until(() -> wakesB.get() > 0);
        a.insertChat("after close, again", true);
        b.insertChat("b again", true);
        await("b woken again").atMost(DEADLINE).until(() -> wakesB.get() > 1);
        assertThat(wakesA.get()).isEqualTo(atClose);
        assertThat(SharedWatch.jvm().watchedFolders()).isEqualTo(1);

        open.forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        open.clear();
        assertThat(SharedWatch.jvm().open()).isFalse();
        await("dispatcher ended").atMost(DEADLINE).until(() -> threadsNamed("inbound-watch") == 0);

        AtomicInteger wakesC = new AtomicInteger();
        watch(a, wakesC);
        a.insertChat("a watched anew", true);
        await("a new service wakes").atMost(DEADLINE).until(() -> wakesC.get() > 0);
        assertThat(wakesA.get()).isEqualTo(atClose);
    }

    @Test
    void a_folder_watched_twice_keeps_waking_the_other_watch_after_one_closes() throws Exception {
        SessionFixture a = session("a");
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        InboundWatcher w1 = watch(a, first);
        watch(a, second);
        assertThat(SharedWatch.jvm().watchedFolders()).isEqualTo(1);
        w1.close();
        a.insertChat("one left", true);
        await("second woken").atMost(DEADLINE).until(() -> second.get() > 0);
        assertThat(first.get()).isZero();
    }

    @Test
    void a_change_seen_mid_commit_wakes_at_the_commit_not_before() throws Exception {
        SessionFixture a = session("a");
        Path journal = a.paths.root().resolve("inbound.db-journal");
        List<Boolean> journalAtWake = new java.util.concurrent.CopyOnWriteArrayList<>();
        InboundWatcher w = InboundWatcher.start(a.paths.root(),
                () -> journalAtWake.add(Files.exists(journal)), "a");
        open.add(w);

        // a host commit as the watch sees it: journal created, db pages written, then, after the
        // fsyncs (here 20 ms, ten debounce periods), the journal deleted
        Files.write(journal, new byte[512]);
        Files.write(a.paths.inboundDb(), new byte[0], java.nio.file.StandardOpenOption.APPEND);
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        Files.delete(journal);

        await("woken by the commit").atMost(DEADLINE).until(() -> !journalAtWake.isEmpty());
        assertThat(journalAtWake).as("no wake while the journal still existed").doesNotContain(true);
    }

    @Test
    void a_journal_that_stays_delays_the_wake_only_up_to_the_limit() throws Exception {
        SessionFixture a = session("a");
        Path journal = a.paths.root().resolve("inbound.db-journal");
        AtomicInteger wakes = new AtomicInteger();
        watch(a, wakes);

        Files.write(journal, new byte[512]); // a hot journal nobody deletes (a writer killed mid-commit)
        Files.write(a.paths.inboundDb(), new byte[0], java.nio.file.StandardOpenOption.APPEND);

        await("woken anyway").atMost(DEADLINE).until(() -> wakes.get() > 0);
        assertThat(Files.exists(journal)).isTrue();
    }

    @Test
    void a_folder_that_cannot_be_watched_gives_null_and_leaves_no_service_open() {
        assertThat(InboundWatcher.start(tmp.resolve("missing"), () -> { }, "s")).isNull();
        assertThat(SharedWatch.jvm().open()).isFalse();
    }

    @Test
    void relevance_of_a_session_folders_events() throws Exception {
        Files.createDirectories(tmp);
        record Ev(WatchEvent.Kind<Path> kind, Path context) implements WatchEvent<Path> {
            public int count() {
                return 1;
            }
        }
        var create = StandardWatchEventKinds.ENTRY_CREATE;
        var modify = StandardWatchEventKinds.ENTRY_MODIFY;
        var delete = StandardWatchEventKinds.ENTRY_DELETE;
        Path db = Path.of("inbound.db");
        Path journal = Path.of("inbound.db-journal");
        Path other = Path.of("container.json");
        assertThat(InboundWatcher.relevance(List.of())).isEqualTo(SharedWatch.Relevance.NONE);
        assertThat(InboundWatcher.relevance(List.of(new Ev(modify, other)))).isEqualTo(SharedWatch.Relevance.NONE);
        assertThat(InboundWatcher.relevance(List.of(new Ev(create, journal)))).isEqualTo(SharedWatch.Relevance.PENDING);
        assertThat(InboundWatcher.relevance(List.of(new Ev(modify, db)))).isEqualTo(SharedWatch.Relevance.PENDING);
        assertThat(InboundWatcher.relevance(List.of(new Ev(create, journal), new Ev(modify, db),
                new Ev(delete, journal)))).isEqualTo(SharedWatch.Relevance.NOW);
        assertThat(InboundWatcher.relevance(List.of(new Ev(delete, db)))).isEqualTo(SharedWatch.Relevance.PENDING);
        WatchEvent<Object> overflow = new WatchEvent<>() {
            public Kind<Object> kind() {
                return StandardWatchEventKinds.OVERFLOW;
            }

            public int count() {
                return 1;
            }

            public Object context() {
                return null;
            }
        };
        assertThat(InboundWatcher.relevance(List.of(overflow))).isEqualTo(SharedWatch.Relevance.NOW);
    }

    static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && name.equals(t.getName()))
                .count();
    }
}
