package io.tandem.host.central;

import io.tandem.host.central.AdapterStateStore.Purged;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges expired adapter state (router dedupe keys, http event log entries) so central does not
 * grow without bound. Meant to be scheduled periodically; {@link #run()} only submits work and
 * returns at once, so it is safe to call from a timer on an event loop.
 *
 * <p>Invariant: the central writer lane is never held for long. Each chunk is its own short
 * transaction of at most {@code chunk} rows per table, and the next chunk is queued behind
 * whatever else is waiting on the lane. A pass stops when a chunk comes back short or after
 * {@code maxChunks}, leaving the rest to the next pass. Passes never overlap.
 */
public final class Housekeeping implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final CentralDb central;
    private final AdapterStateStore state;
    private final Clock clock;
    private final int chunk;
    private final int maxChunks;
    private final AtomicBoolean running = new AtomicBoolean();

    public Housekeeping(CentralDb central, AdapterStateStore state, Clock clock, int chunk, int maxChunks) {
        if (chunk < 1 || maxChunks < 1) {
            throw new IllegalArgumentException("chunk and maxChunks must be at least 1");
        }
        this.central = central;
        this.state = state;
        this.clock = clock;
        this.chunk = chunk;
        this.maxChunks = maxChunks;
    }

    /** Defaults: chunks of {@link AdapterStateStore#DEFAULT_PURGE_CHUNK}, at most 100 per pass. */
    public Housekeeping(CentralDb central, AdapterStateStore state, Clock clock) {
        this(central, state, clock, AdapterStateStore.DEFAULT_PURGE_CHUNK, 100);
    }

    @Override
    public void run() {
        pass();
    }

    /**
     * Runs one pass; completes with what it removed ({@link Purged#NONE} at once when a pass is
     * already running). A failure is logged and the pass ends; the next one retries.
     */
    public CompletableFuture<Purged> pass() {
        if (!running.compareAndSet(false, true)) {
            log.atDebug().log("housekeeping.busy");
            return CompletableFuture.completedFuture(Purged.NONE);
        }
        return next(Purged.NONE, 0).whenComplete((total, error) -> {
            running.set(false);
            if (error != null) {
                log.atWarn().addKeyValue("error", error.toString()).log("housekeeping.failed");
            } else if (total.total() > 0) {
                log.atInfo().addKeyValue("kv", total.kv()).addKeyValue("lists", total.lists())
                        .log("housekeeping.purged");
            } else {
                log.atDebug().log("housekeeping.nothing_expired");
            }
        });
    }

    private CompletableFuture<Purged> next(Purged sofar, int done) {
        return central.tx(c -> state.purgeExpired(c, clock.instant(), chunk)).thenCompose(p -> {
            Purged total = sofar.plus(p);
            boolean more = p.kv() >= chunk || p.lists() >= chunk;
            if (!more || done + 1 >= maxChunks) {
                return CompletableFuture.completedFuture(total);
            }
            return next(total, done + 1);
        });
    }
}
