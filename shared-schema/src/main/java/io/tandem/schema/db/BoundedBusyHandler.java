package io.tandem.schema.db;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Replaces SQLite's default busy handler (which sleeps 1, 2, 5 ... 100 ms) with short parks, so a
 * lock released by the other process is noticed within tens of microseconds, while the total
 * wait stays bounded. Past the bound the statement fails with SQLITE_BUSY.
 *
 * <p>The parks grow ({@link #park}): the common wait is a reader woken by the writer's journal
 * delete, while the writer still holds its lock for the directory fsync that
 * {@code synchronous=EXTRA} adds after the unlink. That is ~0.1 ms on a quiet machine and about
 * 1 ms under load; flat 50 µs parks polled it some 17 times per wait at 100 busy sessions (28 wake-ups
 * per round trip in the shared runner), the growing ones about 7.
 *
 * <p>One instance per connection; a connection is used by one thread at a time. What the handlers
 * of this process did is counted process-wide, like {@link Sql#commits()}: connections are opened
 * by static methods that know no metrics library, and the host's metrics read these sums.
 */
public final class BoundedBusyHandler extends BusyHandler {
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);
    private static final LongAdder WAITS = new LongAdder();
    private static final LongAdder TIMEOUTS = new LongAdder();

    private final long boundNanos;
    private long waitStarted;

    public BoundedBusyHandler(Duration bound) {
        this.boundNanos = bound.toNanos();
    }

    @Override
    protected int callback(int previousInvocations) {
        long now = System.nanoTime();
        if (previousInvocations == 0) {
            waitStarted = now;
            WAITS.increment();
        }
        if (now - waitStarted >= boundNanos) {
            TIMEOUTS.increment();
            return 0;
        }
        LockSupport.parkNanos(park(previousInvocations));
        return 1;
    }

    /**
     * The park before retry {@code n} (0-based): 50 µs four times, then 100, 200, 400, 800 µs, then
     * 1 ms. A lock held for a short write is seen free within 50 µs; one held across a commit's
     * last fsyncs is polled a handful of times instead of dozens, each poll a wake-up.
     */
    static long park(int n) {
        return n < 4 ? 50_000L : n < 8 ? 100_000L << (n - 4) : 1_000_000L;
    }

    /** Statements of this process that met SQLITE_BUSY and waited (then retried) at least once. */
    public static long waits() {
        return WAITS.sum();
    }

    /** Waits of this process that reached the bound: the statement failed with SQLITE_BUSY. */
    public static long timeouts() {
        return TIMEOUTS.sum();
    }
}
