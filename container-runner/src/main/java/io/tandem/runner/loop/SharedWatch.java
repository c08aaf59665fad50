package io.tandem.runner.loop;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link WatchService} for every session folder this JVM watches: one inotify instance, the
 * JDK's poller thread and one dispatcher thread, however many sessions run here (a runner JVM
 * serving N sessions would otherwise hold N inotify instances and 2N threads). The dispatcher
 * classifies each key's events with the registration's {@code classify}, debounces per key
 * (a {@link Relevance#PENDING} change fires after at most {@link #DEBOUNCE_NANOS}, a
 * {@link Relevance#NOW} one at once) and runs the registration's callback on its own thread, so a
 * callback must be quick (waking a loop is). A PENDING change whose registration says the writer
 * is still mid-commit ({@code settling}: for inbound.db, its journal still exists) is held for
 * another debounce period, up to {@link #SETTLE_LIMIT_NANOS}: under {@code durability=power} a
 * commit outlasts the 2 ms debounce (its fsyncs), and firing then would make the loop scan once
 * before the commit (blocking on the writer's lock) and once more at the journal's delete.
 *
 * <p>Invariants: a registration's callback never runs after its {@link Registration#close} has
 * returned; a folder watched twice shares the JDK's one key, which is cancelled only when the last
 * registration on it closes; the service and both threads exist only while something is watched
 * (the last close closes the service, the next start opens a new one). The threads belong to the
 * JVM's top thread group, not to the session that happened to start them.
 */
final class SharedWatch {
    private static final Logger log = LoggerFactory.getLogger(SharedWatch.class);
    static final long DEBOUNCE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** How long a PENDING change may be held while its registration says the writer is mid-commit. */
    static final long SETTLE_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** How much a batch of events matters to a registration. */
    enum Relevance {
        NONE, PENDING, NOW;

        static Relevance max(Relevance a, Relevance b) {
            return a.ordinal() >= b.ordinal() ? a : b;
        }
    }

    private static final SharedWatch JVM = new SharedWatch();

    private WatchService service;
    private final Map<WatchKey, List<Registration>> byKey = new HashMap<>();

    static SharedWatch jvm() {
        return JVM;
    }

    /** A session's watch of one folder; closing it stops its callback for good. */
    final class Registration implements AutoCloseable {
        private final WatchKey key;
        private final Function<List<java.nio.file.WatchEvent<?>>, Relevance> classify;
        private final Runnable onChange;
        private final BooleanSupplier settling;
        private boolean closed;

        private Registration(WatchKey key, Function<List<java.nio.file.WatchEvent<?>>, Relevance> classify,
                Runnable onChange, BooleanSupplier settling) {
            this.key = key;
            this.classify = classify;
            this.onChange = onChange;
            this.settling = settling;
        }

        private synchronized void fire() {
            if (!closed) {
                onChange.run();
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            unregister(this);
        }
    }

    /**
     * Watches {@code folder} for created and deleted entries (never modified ones: see below);
     * {@code classify} turns a key's events into a {@link Relevance}, {@code onChange} runs on the
     * dispatcher thread.
     *
     * @throws IOException when no watch service can be opened or the folder cannot be watched
     */
    synchronized Registration register(Path folder, Function<List<java.nio.file.WatchEvent<?>>, Relevance> classify,
            Runnable onChange) throws IOException {
        return register(folder, classify, onChange, () -> false);
    }

    /**
     * As {@link #register(Path, Function, Runnable)}; while {@code settling} answers true a PENDING
     * change is held (at most {@link #SETTLE_LIMIT_NANOS}), a NOW one never is.
     */
    synchronized Registration register(Path folder, Function<List<java.nio.file.WatchEvent<?>>, Relevance> classify,
            Runnable onChange, BooleanSupplier settling) throws IOException {
        boolean fresh = service == null;
        if (fresh) {
            service = FileSystems.getDefault().newWatchService();
        }
        WatchKey key;
        try {
            // no ENTRY_MODIFY: each page the host writes to inbound.db or its journal is one, a few
            // dozen per message, and each woke the JDK's inotify thread and the dispatcher; in
            // journal-DELETE mode a commit always creates and deletes the journal
            key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            if (byKey.isEmpty()) {
                closeService();
            }
            throw e;
        }
        Registration r = new Registration(key, classify, onChange, settling);
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        if (fresh) {
            WatchService mine = service;
            Thread t = new Thread(topGroup(), () -> dispatch(mine), "inbound-watch");
            t.setDaemon(true);
            t.start();
        }
        return r;
    }

    /** Folders watched now (distinct keys). */
    synchronized int watchedFolders() {
        return byKey.size();
    }

    /** Whether a watch service is open now (false once the last registration closed). */
    synchronized boolean open() {
        return service != null;
    }

    private synchronized void unregister(Registration r) {
        List<Registration> on = byKey.get(r.key);
        if (on == null || !on.remove(r)) {
            return;
        }
        if (on.isEmpty()) {
            byKey.remove(r.key);
            r.key.cancel();
        }
        if (byKey.isEmpty()) {
            closeService();
        }
    }

    private void closeService() {
        try {
            service.close();
        } catch (IOException ignored) {
            // best effort: nothing is watched any more
        }
        service = null;
    }

    private synchronized List<Registration> registrations(WatchKey key) {
        List<Registration> on = byKey.get(key);
        return on == null ? List.of() : List.copyOf(on);
    }

    /** The dispatcher of one service: ends when that service is closed. */
    private void dispatch(WatchService ws) {
        Map<WatchKey, Hold> pending = new HashMap<>();
        try {
            while (true) {
                WatchKey key;
                if (pending.isEmpty()) {
                    key = ws.take();
                } else {
                    long left = pending.values().stream().mapToLong(h -> h.due - System.nanoTime()).min().orElse(0);
                    key = left > 0 ? ws.poll(left, TimeUnit.NANOSECONDS) : ws.poll();
                }
                if (key != null) {
                    Relevance r = drain(key);
                    if (r == Relevance.NOW) {
                        pending.remove(key);
                        fireAll(key);
                    } else if (r == Relevance.PENDING) {
                        long now = System.nanoTime();
                        pending.putIfAbsent(key, new Hold(now + DEBOUNCE_NANOS, now + SETTLE_LIMIT_NANOS));
                    }
                }
                long now = System.nanoTime();
                pending.entrySet().removeIf(e -> {
                    Hold h = e.getValue();
                    if (now - h.due < 0) {
                        return false;
                    }
                    if (now - h.limit < 0 && settling(e.getKey())) {
                        h.due = now + DEBOUNCE_NANOS;
                        return false;
                    }
                    fireAll(e.getKey());
                    return true;
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // the last registration closed: this service is done
        }
    }

    /** A PENDING change waiting to fire: at {@code due}, or later while settling, never past {@code limit}. */
    private static final class Hold {
        long due;
        final long limit;

        Hold(long due, long limit) {
            this.due = due;
            this.limit = limit;
        }
    }

    private boolean settling(WatchKey key) {
        for (Registration reg : registrations(key)) {
            try {
                if (reg.settling.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** The key's events, classified for its registrations (the highest relevance wins); resets the key. */
    private Relevance drain(WatchKey key) {
        List<java.nio.file.WatchEvent<?>> events = key.pollEvents();
        key.reset();
        Relevance r = Relevance.NONE;
        for (Registration reg : registrations(key)) {
            r = Relevance.max(r, reg.classify.apply(events));
        }
        return r;
    }

    private void fireAll(WatchKey key) {
        for (Registration reg : registrations(key)) {
            try {
                reg.fire();
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("error", e.toString()).log("watch.callback.failed");
            }
        }
    }

    /** The root thread group: shared threads must not belong to (or log as) one session. */
    static ThreadGroup topGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }
}
