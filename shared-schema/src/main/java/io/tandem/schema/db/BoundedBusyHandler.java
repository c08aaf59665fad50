package io.tandem.schema.db;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Replaces SQLite's default busy handler (which sleeps 1, 2, 5 ... 100 ms) with short parks, so a
 * lock released by the other process is noticed within tens of microseconds, while the total
 * wait stays bounded. Past the bound the statement fails with SQLITE_BUSY.
 *
 * <p>One instance per connection; a connection is used by one thread at a time.
 */
public final class BoundedBusyHandler extends BusyHandler {
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);

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
        }
        if (now - waitStarted >= boundNanos) {
            return 0;
        }
        long park = previousInvocations < 50 ? 50_000L : previousInvocations < 500 ? 250_000L : 1_000_000L;
        LockSupport.parkNanos(park);
        return 1;
    }
}
