package io.tandem.runner.pool;

import io.tandem.runner.ExitCodes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a shared runner JVM the one clean way, whether its stdin reached EOF or it got SIGTERM:
 * every session is asked to stop (as a runner of its own would be), and the JVM exits once all of
 * them released their locks and wrote their {@code exited} lines; if they have not within
 * {@value PoolMain#STOP_ALL_MILLIS} ms it halts with {@link ExitCodes#FATAL}, so the host recovers
 * the rest. Invariant: the stop-all runs at most once; a signal after the pool finished on its own
 * does nothing.
 */
final class PoolShutdown {
    private static final Logger log = LoggerFactory.getLogger(PoolShutdown.class);

    private final SessionPool pool;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean finished;

    PoolShutdown(SessionPool pool) {
        this.pool = pool;
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "pool-shutdown"));
    }

    /** Stops every session and waits for them; returns 0, or halts the JVM when they do not end in time. */
    int stopAllAndWait(String reason) {
        if (!started.compareAndSet(false, true)) {
            awaitOrHalt();
            return ExitCodes.OK;
        }
        pool.stopAll(reason);
        awaitOrHalt();
        log.atInfo().addKeyValue("reason", reason).log("pool.exit");
        finished = true;
        return ExitCodes.OK;
    }

    private void awaitOrHalt() {
        boolean ended;
        try {
            ended = pool.awaitAllEnded(PoolMain.STOP_ALL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (!ended) {
            log.atError().addKeyValue("sessions", String.join(",", pool.runningIds()))
                    .log("pool.stop.timeout.halting");
            Runtime.getRuntime().halt(ExitCodes.FATAL);
        }
    }

    private void onSignal() {
        if (finished) {
            return;
        }
        stopAllAndWait("signal");
        Runtime.getRuntime().halt(ExitCodes.OK);
    }
}
