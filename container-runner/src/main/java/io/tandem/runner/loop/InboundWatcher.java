package io.tandem.runner.loop;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the main loop when the host writes inbound.db, so a new message is seen in about a
 * millisecond instead of at the next poll. Watches the session folder and reacts only to
 * {@code inbound.db} and {@code inbound.db-journal} (an OVERFLOW means "rescan"). A commit shows
 * up as journal create, db modify, journal delete; the journal delete is the commit point and
 * wakes at once, other events are debounced by at most 2 ms. This is an accelerator only: the
 * main loop's fallback poll always runs, because inotify does not fire across some mounts.
 */
public final class InboundWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundWatcher.class);
    private static final String DB = "inbound.db";
    private static final String JOURNAL = "inbound.db-journal";
    private static final long DEBOUNCE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final WatchService service;
    private final Runnable onChange;

    private InboundWatcher(WatchService service, Runnable onChange) {
        this.service = service;
        this.onChange = onChange;
    }

    /**
     * Starts watching {@code workspace}; returns null (logged once) when the watch cannot be
     * registered, and the runner goes on poll-only.
     */
    public static InboundWatcher start(Path workspace, Runnable onChange, String sessionId) {
        WatchService ws = null;
        try {
            ws = FileSystems.getDefault().newWatchService();
            workspace.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                    .log("watch.unavailable");
            if (ws != null) {
                try {
                    ws.close();
                } catch (IOException ignored) {
                    // nothing was registered
                }
            }
            return null;
        }
        InboundWatcher w = new InboundWatcher(ws, onChange);
        Thread t = new Thread(w::run, "inbound-watch");
        t.setDaemon(true);
        t.start();
        return w;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Relevance r = drain(key);
                if (r == Relevance.NONE) {
                    continue;
                }
                if (r == Relevance.PENDING) {
                    long deadline = System.nanoTime() + DEBOUNCE_NANOS;
                    while (r != Relevance.NOW) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        WatchKey more = service.poll(left, TimeUnit.NANOSECONDS);
                        if (more == null) {
                            break;
                        }
                        r = Relevance.max(r, drain(more));
                    }
                }
                onChange.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closed at shutdown
        }
    }

    private enum Relevance {
        NONE, PENDING, NOW;

        static Relevance max(Relevance a, Relevance b) {
            return a.ordinal() >= b.ordinal() ? a : b;
        }
    }

    private static Relevance drain(WatchKey key) {
        Relevance r = Relevance.NONE;
        for (WatchEvent<?> ev : key.pollEvents()) {
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                r = Relevance.NOW;
                continue;
            }
            String name = String.valueOf(ev.context());
            if (JOURNAL.equals(name) && ev.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                r = Relevance.NOW;
            } else if (DB.equals(name) || JOURNAL.equals(name)) {
                r = Relevance.max(r, Relevance.PENDING);
            }
        }
        key.reset();
        return r;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // best effort at shutdown
        }
    }
}
