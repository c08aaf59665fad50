package io.tandem.runner.loop;

import java.util.concurrent.TimeUnit;

/**
 * When the runner prunes synced acks (besides once at start): never inside a batch; when idle
 * (a scan found nothing to do) and some batch finished since the last prune at least
 * {@link #IDLE_INTERVAL_NANOS} ago; and between batches after {@link #MAX_BATCHES} batches even
 * under steady traffic that never leaves the runner idle. A pure decision, tested as a table.
 */
final class PruneSchedule {
    static final long IDLE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final int MAX_BATCHES = 200;

    private PruneSchedule() {
    }

    /**
     * @param batchesSince batches finished since the last prune
     * @param nanosSince time since the last prune
     * @param idle true when the last scan found nothing to start
     */
    static boolean due(int batchesSince, long nanosSince, boolean idle) {
        if (batchesSince <= 0) {
            return false;
        }
        return batchesSince >= MAX_BATCHES || (idle && nanosSince >= IDLE_INTERVAL_NANOS);
    }
}
