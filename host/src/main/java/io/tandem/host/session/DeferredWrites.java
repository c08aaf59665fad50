package io.tandem.host.session;

import io.tandem.host.work.GroupCommit;
import io.tandem.schema.db.Sql;
import io.tandem.schema.session.SessionPaths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeferredWrite}s waiting for each session's next inbound transaction. Added and taken
 * on the session's lane only (so in order); the map is concurrent because a timer thread asks
 * {@link #has} before it queues a flush on the lane.
 */
final class DeferredWrites {
    private static final Logger log = LoggerFactory.getLogger(DeferredWrites.class);

    private final Map<SessionPaths, List<DeferredWrite>> waiting = new ConcurrentHashMap<>();

    void add(SessionPaths paths, DeferredWrite write) {
        waiting.compute(paths, (p, list) -> {
            List<DeferredWrite> l = list == null ? new java.util.concurrent.CopyOnWriteArrayList<>() : list;
            l.add(write);
            return l;
        });
    }

    /** True while {@code write} (by identity) waits for the session's next transaction. */
    boolean has(SessionPaths paths, DeferredWrite write) {
        List<DeferredWrite> list = waiting.get(paths);
        return list != null && list.stream().anyMatch(w -> w == write);
    }

    boolean has(SessionPaths paths) {
        return waiting.containsKey(paths);
    }

    /** Removes and returns the session's waiting writes, oldest first (empty when none). */
    List<DeferredWrite> take(SessionPaths paths) {
        List<DeferredWrite> taken = waiting.remove(paths);
        return taken == null ? List.of() : taken;
    }

    /** The sessions with writes waiting (shutdown commits them all). */
    java.util.Set<SessionPaths> waitingSessions() {
        return java.util.Set.copyOf(waiting.keySet());
    }

    /** The members that write {@code taken} in a {@link GroupCommit}, one savepoint each. */
    static List<Sql.TxWork<Object>> members(List<DeferredWrite> taken) {
        return taken.stream().<Sql.TxWork<Object>>map(w -> tx -> {
            w.write(tx);
            return null;
        }).toList();
    }

    /** Tells each of {@code taken} its outcome from the first {@code taken.size()} of {@code outcomes}. */
    static void report(SessionPaths paths, List<DeferredWrite> taken, List<? extends GroupCommit.Outcome<?>> outcomes) {
        for (int i = 0; i < taken.size(); i++) {
            GroupCommit.Outcome<?> o = outcomes.get(i);
            if (o.failed()) {
                log.atWarn().addKeyValue("session_dir", paths.root()).setCause(o.failure()).log("inbound.deferred_failed");
                failSafely(taken.get(i), o.failure());
            } else {
                try {
                    taken.get(i).committed();
                } catch (RuntimeException e) {
                    log.atWarn().addKeyValue("session_dir", paths.root()).setCause(e)
                            .log("inbound.deferred_callback_failed");
                }
            }
        }
    }

    /** Every one of {@code taken} failed with {@code cause} (the whole transaction did). */
    static void failAll(SessionPaths paths, List<DeferredWrite> taken, Throwable cause) {
        if (!taken.isEmpty()) {
            log.atWarn().addKeyValue("session_dir", paths.root()).addKeyValue("writes", taken.size()).setCause(cause)
                    .log("inbound.deferred_failed");
        }
        taken.forEach(w -> failSafely(w, cause));
    }

    /** Commits {@code taken} in one transaction of their own on {@code c}; reports every outcome, never throws. */
    static void flush(Connection c, SessionPaths paths, List<DeferredWrite> taken) {
        if (taken.isEmpty()) {
            return;
        }
        try {
            report(paths, taken, GroupCommit.run(c, members(taken)));
        } catch (SQLException | RuntimeException e) {
            failAll(paths, taken, e);
        }
    }

    private static void failSafely(DeferredWrite w, Throwable cause) {
        try {
            w.failed(cause);
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("inbound.deferred_callback_failed");
        }
    }
}
