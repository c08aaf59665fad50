package io.tandem.runner.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the main loop when the host writes inbound.db, so a new message is seen in about a
 * millisecond instead of at the next poll. Watches the session folder and reacts only to
 * {@code inbound.db} and {@code inbound.db-journal} (an OVERFLOW means "rescan"). A commit shows
 * up as journal create, db modify, journal delete; only creates and deletes are watched (the
 * modifies, one per page written, cost a wake each and never mark a commit). The journal delete
 * is the commit point and wakes at once; a create (a new journal, a replaced inbound.db) is
 * debounced by 2 ms, held longer (up to 50 ms) while the journal still exists, i.e. while the
 * host is mid-commit. This is an accelerator only: the
 * main loop's fallback poll always runs, because inotify does not fire across some mounts.
 *
 * <p>All sessions of one JVM share one watch service and its threads ({@link SharedWatch}); a
 * session's watch is its registration there, and closing it means the session is never woken by
 * it again.
 */
public final class InboundWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundWatcher.class);
    private static final String DB = "inbound.db";
    private static final String JOURNAL = "inbound.db-journal";

    private final SharedWatch.Registration registration;

    private InboundWatcher(SharedWatch.Registration registration) {
        this.registration = registration;
    }

    /**
     * Starts watching {@code workspace}; returns null (logged once) when the watch cannot be
     * registered, and the runner goes on poll-only.
     */
    public static InboundWatcher start(Path workspace, Runnable onChange, String sessionId) {
        try {
            Path journal = workspace.resolve(JOURNAL);
            return new InboundWatcher(SharedWatch.jvm().register(workspace, InboundWatcher::relevance, onChange,
                    () -> java.nio.file.Files.exists(journal, java.nio.file.LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                    .log("watch.unavailable");
            return null;
        }
    }

    /** What a session folder's events mean for the loop: the journal's delete is a commit, NOW. */
    static SharedWatch.Relevance relevance(List<WatchEvent<?>> events) {
        SharedWatch.Relevance r = SharedWatch.Relevance.NONE;
        for (WatchEvent<?> ev : events) {
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                return SharedWatch.Relevance.NOW;
            }
            String name = String.valueOf(ev.context());
            if (JOURNAL.equals(name) && ev.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                return SharedWatch.Relevance.NOW;
            } else if (DB.equals(name) || JOURNAL.equals(name)) {
                r = SharedWatch.Relevance.PENDING;
            }
        }
        return r;
    }

    @Override
    public void close() {
        registration.close();
    }
}
