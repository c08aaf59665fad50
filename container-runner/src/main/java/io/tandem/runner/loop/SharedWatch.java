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
 * callback must be quick (waking a loop is).
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
        private boolean closed;

        private Registration(WatchKey key, Function<List<java.nio.file.WatchEvent<?>>, Relevance> classify,
                Runnable onChange) {
            this.key = key;
            this.classify = classify;
            this.onChange = onChange;
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
     * Watches {@code folder} for created, modified and deleted entries; {@code classify} turns a
     * key's events into a {@link Relevance}, {@code onChange} runs on the dispatcher thread.
     *
     * @throws IOException when no watch service can be opened or the folder cannot be watched
     */
    synchronized Registration register(Path folder, Function<List<java.nio.file.WatchEvent<?>>, Relevance> classify,
            Runnable onChange) throws IOException {
        boolean fresh = service == null;
        if (fresh) {
            service = FileSystems.getDefault().newWatchService();
        }
        WatchKey key;
        try {
            key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            if (byKey.isEmpty()) {
                closeService();
            }
            throw e;
        }
        Registration r = new Registration(key, classify, onChange);
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
        Map<WatchKey, Long> pending = new HashMap<>();
        try {
            while (true) {
                WatchKey key;
                if (pending.isEmpty()) {
                    key = ws.take();
                } else {
                    long left = pending.values().stream().mapToLong(d -> d - System.nanoTime()).min().orElse(0);
                    key = left > 0 ? ws.poll(left, TimeUnit.NANOSECONDS) : ws.poll();
                }
                if (key != null) {
                    Relevance r = drain(key);
                    if (r == Relevance.NOW) {
                        pending.remove(key);
                        fireAll(key);
                    } else if (r == Relevance.PENDING) {
                        pending.putIfAbsent(key, System.nanoTime() + DEBOUNCE_NANOS);
                    }
                }
                long now = System.nanoTime();
                pending.entrySet().removeIf(e -> {
                    if (now - e.getValue() >= 0) {
                        fireAll(e.getKey());
                        return true;
                    }
                    return false;
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // the last registration closed: this service is done
        }
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
