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
        long park = previousInvocations < 50 ? 50_000L : previousInvocations < 500 ? 250_000L : 1_000_000L;
        LockSupport.parkNanos(park);
        return 1;
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
