package io.tandem.host.work;

import io.tandem.schema.lane.KeyedLanes;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's per-session lanes over one bounded worker pool (DESIGN 8.2). All JDBC and file I/O
 * on a session folder runs here, keyed by session id, never on a Vert.x event loop.
 */
public final class SessionLanes implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionLanes.class);
    private final ThreadPoolExecutor pool;
    private final KeyedLanes lanes;

    public SessionLanes(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "session-lane-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.lanes = new KeyedLanes(pool);
    }

    public <T> CompletableFuture<T> submit(String sessionId, Callable<T> work) {
        log.atDebug().addKeyValue("session", sessionId).addKeyValue("busy_lanes", lanes.activeLanes())
                .log("lane.queued");
        return lanes.submit(sessionId, work);
    }

    /** Sessions with lane work queued or running (metrics). */
    public int activeLanes() {
        return lanes.activeLanes();
    }

    /** Lane tasks ready to run but waiting for a worker thread: every thread is busy (metrics). */
    public int queuedTasks() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
