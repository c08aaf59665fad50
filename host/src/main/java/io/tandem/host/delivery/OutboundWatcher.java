package io.tandem.host.delivery;

import io.tandem.host.containers.RunnerListener;
import io.tandem.host.session.SessionRef;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link WatchService} for every running session's {@code out/} folder (inotify instances are
 * limited per user, so never one per session). inotify does not fire across some mounts, so the
 * 1 s stat pass in {@code RunnerMonitor} always runs as well.
 *
 * <p>One delivery pass per outbound commit (issue 6). A runner commit in journal-DELETE mode shows
 * up as CREATE/MODIFY of {@code outbound.db-journal}, MODIFY of {@code outbound.db}, then DELETE of
 * the journal: the unlink is the commit point. Only CREATE and DELETE are watched: the MODIFY
 * events (one per page write, a dozen or more per commit, plus each heartbeat touch) never mark a
 * commit point in journal-DELETE mode, and each one cost a wake of the JDK's inotify thread and of
 * this one; a new {@code outbound.db} (build-then-rename) still arrives as CREATE. {@link CommitSignal} drops the events that come
 * before it (a pass started then would read nothing new), and the kicks left are debounced per
 * session: the first opens a window of at most {@code debounce} (DESIGN 8.2: ≤ 2 ms), and one kick
 * goes out when it closes, covering every event that arrived inside it.
 *
 * <p>No kick is ever lost: a dropped event is always followed by the journal's DELETE (or the
 * runner's exit, which kicks in {@link #runnerStopped}, or an OVERFLOW, which kicks); a window's
 * kick is sent after every event it absorbed was read, so the pass it starts reads a state at least
 * as new as theirs; an event after the window closed opens a new one. All window state is owned by
 * the watch thread alone.
 */
public final class OutboundWatcher implements RunnerListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboundWatcher.class);
    /** The default window: short, because it is added to every warm round trip. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(1);

    private final Consumer<SessionRef> onChange;
    private final long debounceNanos;
    private final WatchService watch;
    private final Map<WatchKey, SessionRef> keys = new ConcurrentHashMap<>();
    private final Map<String, WatchKey> bySession = new ConcurrentHashMap<>();
    /** Open windows by session id: the session and when its kick goes out. Watch thread only. */
    private final Map<String, Window> windows = new LinkedHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong kicks = new AtomicLong();
    private final Thread thread;

    private record Window(SessionRef session, long dueNanos, int absorbed) {
    }

    public OutboundWatcher(Consumer<SessionRef> onChange, boolean enabled) {
        this(onChange, enabled, DEFAULT_DEBOUNCE);
    }

    /** @param debounce how long a session's first kick-worthy event waits for the rest of its burst */
    public OutboundWatcher(Consumer<SessionRef> onChange, boolean enabled, Duration debounce) {
        if (debounce.isNegative() || debounce.compareTo(Duration.ofMillis(2)) > 0) {
            throw new IllegalArgumentException("watch debounce must be between 0 and 2 ms (DESIGN 8.2), got " + debounce);
        }
        this.onChange = onChange;
        this.debounceNanos = debounce.toNanos();
        WatchService ws = null;
        if (enabled) {
            try {
                ws = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                log.atWarn().setCause(e).log("watch.unavailable_poll_only");
            }
        }
        this.watch = ws;
        this.thread = new Thread(this::loop, "outbound-watch");
        this.thread.setDaemon(true);
        if (ws != null) {
            thread.start();
        }
    }

    @Override
    public void runnerStarted(SessionRef s) {
        if (watch == null) {
            return;
        }
        try {
            // no ENTRY_MODIFY: every write of a commit (and every heartbeat touch) would wake both
            // watch threads, and none of them is a commit point (see the class comment)
            WatchKey k = s.paths().outDir().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE);
            keys.put(k, s);
            bySession.put(s.sessionId(), k);
        } catch (IOException e) {
            log.atWarn().addKeyValue("session", s.sessionId()).setCause(e).log("watch.register_failed");
        }
    }

    @Override
    public void runnerStopped(SessionRef s) {
        WatchKey k = bySession.remove(s.sessionId());
        if (k != null) {
            k.cancel();
            keys.remove(k);
        }
        onChange.accept(s);
    }

    /**
     * Folders watched now: one per running runner, none per idle session (issue 6). A watch is
     * registered when a runner starts and cancelled when it stops; output it left undelivered
     * cannot change after that (the runner is its only writer), so the stop's kick and delivery's
     * own retry timers cover it, with the sweep as backstop.
     */
    public int watched() {
        return bySession.size();
    }

    /** Relevant watch events read so far (for tests and the benchmark). */
    public long events() {
        return events.get();
    }

    /** Kicks sent to delivery from watch events so far (for tests and the benchmark). */
    public long kicks() {
        return kicks.get();
    }

    private void loop() {
        while (true) {
            WatchKey k;
            try {
                k = next();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (k != null) {
                read(k);
            }
            flushDue();
        }
    }

    /** The next signalled key, waiting no longer than the earliest open window. */
    private WatchKey next() throws InterruptedException {
        if (windows.isEmpty()) {
            return watch.take();
        }
        long wait = windows.values().iterator().next().dueNanos() - System.nanoTime();
        return wait <= 0 ? watch.poll() : watch.poll(wait, TimeUnit.NANOSECONDS);
    }

    private void read(WatchKey k) {
        SessionRef s = keys.get(k);
        List<WatchEvent<?>> batch = k.pollEvents();
        k.reset();
        if (s == null) {
            return;
        }
        boolean kick = false;
        int relevant = 0;
        for (WatchEvent<?> ev : batch) {
            CommitSignal signal = CommitSignal.of(ev, s.paths().outDir());
            if (signal != CommitSignal.IGNORE) {
                relevant++;
            }
            kick |= signal == CommitSignal.KICK;
        }
        events.addAndGet(relevant);
        if (relevant > 0) {
            log.atDebug().addKeyValue("session", s.sessionId()).addKeyValue("events", relevant)
                    .addKeyValue("kick", kick).log("watch.events");
        }
        if (kick) {
            // windows are in due order because every window has the same length
            windows.merge(s.sessionId(), new Window(s, System.nanoTime() + debounceNanos, 1),
                    (open, fresh) -> new Window(open.session(), open.dueNanos(), open.absorbed() + 1));
        }
    }

    private void flushDue() {
        long now = System.nanoTime();
        List<Window> due = new ArrayList<>();
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (w.dueNanos() - now > 0) {
                break;
            }
            it.remove();
            due.add(w);
        }
        for (Window w : due) {
            kicks.incrementAndGet();
            log.atDebug().addKeyValue("session", w.session().sessionId()).addKeyValue("absorbed", w.absorbed())
                    .log("watch.kick");
            try {
                onChange.accept(w.session());
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("session", w.session().sessionId()).setCause(e).log("watch.kick_failed");
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (watch != null) {
            watch.close();
        }
    }
}
