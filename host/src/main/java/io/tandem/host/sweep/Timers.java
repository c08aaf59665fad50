package io.tandem.host.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot timers by key, keeping only the earliest per key: retries and scheduled work wake on
 * time instead of at the next sweep. Also runs the periodic housekeeping passes. Runs on its own
 * thread; an action that throws is logged and never kills the thread.
 */
public final class Timers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "host-timers");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Armed> armed = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Armed(Instant at, ScheduledFuture<?> future) {
    }

    public Timers(Clock clock) {
        this.clock = clock;
    }

    /** Arms {@code action} at {@code at} under {@code key}, unless one at or before it is armed. A no-op once closed. */
    public void arm(String key, Instant at, Runnable action) {
        if (exec.isShutdown()) {
            return;
        }
        try {
            armInternal(key, at, action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.atDebug().addKeyValue("timer", key).log("timer.rejected_closed");
        }
    }

    private void armInternal(String key, Instant at, Runnable action) {
        armed.compute(key, (k, current) -> {
            if (current != null && !current.future().isDone() && !current.at().isAfter(at)) {
                return current;
            }
            if (current != null) {
                current.future().cancel(false);
            }
            long delay = delayMillis(clock.instant(), at);
            ScheduledFuture<?> f = exec.schedule(() -> {
                armed.remove(k);
                safely(k, action);
            }, delay, TimeUnit.MILLISECONDS);
            return new Armed(at, f);
        });
    }

    /**
     * The delay that never fires before {@code at}: rounded up to the next millisecond. Rounding
     * down (what {@link Duration#toMillis} does) fires up to 1 ms early, and an action that then
     * checks {@code expires_at <= now} or {@code process_after <= now} finds nothing due yet.
     */
    static long delayMillis(Instant now, Instant at) {
        Duration d = Duration.between(now, at);
        if (d.isNegative() || d.isZero()) {
            return 0;
        }
        long millis = d.toMillis();
        return d.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    public void every(String name, Duration period, Runnable action) {
        every(name, Duration.ZERO, period, action);
    }

    /** As {@link #every(String, Duration, Runnable)}, the first run after {@code first}. */
    public void every(String name, Duration first, Duration period, Runnable action) {
        exec.scheduleWithFixedDelay(() -> safely(name, action), first.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void safely(String key, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.atError().addKeyValue("timer", key).setCause(e).log("timer.failed");
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
