package io.tandem.runner.pool;

import io.tandem.runner.ExitCodes;
import io.tandem.runner.Runner;
import io.tandem.runner.loop.MainLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session running in a shared runner JVM: a {@link Runner} on its own thread in its own
 * {@link SessionThreadGroup}, so its threads and log lines stay its own. Whatever ends the run (its
 * loop's exit, an exception, an {@link Error} such as an OOM on its thread), {@code onEnd} is
 * called exactly once with a runner exit code and reason after the runner released its lock and
 * closed its files, and only then does {@link #awaitEnd} return: a session's failure ends that
 * session, never the JVM.
 */
final class PoolSession {
    private static final Logger log = LoggerFactory.getLogger(PoolSession.class);

    private final String id;
    private final Runner runner;
    private final SessionThreadGroup group;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);

    PoolSession(String id, Runner runner, BiConsumer<PoolSession, MainLoop.Exit> onEnd) {
        this.id = id;
        this.runner = runner;
        this.group = new SessionThreadGroup(id);
        this.thread = new Thread(group, () -> runToEnd(onEnd), "session-" + id);
        this.thread.setDaemon(true);
    }

    String id() {
        return id;
    }

    void start() {
        thread.start();
    }

    private void runToEnd(BiConsumer<PoolSession, MainLoop.Exit> onEnd) {
        MainLoop.Exit exit = new MainLoop.Exit(ExitCodes.FATAL, "error");
        try {
            exit = runner.execute();
        } catch (Throwable t) {
            exit = new MainLoop.Exit(ExitCodes.FATAL, t.toString());
            try {
                log.atError().addKeyValue("session", id).setCause(t).log("pool.session.failed");
            } catch (Throwable ignored) {
                // out of memory even for a log line: the exited event still goes out
            }
        } finally {
            try {
                onEnd.accept(this, exit);
            } finally {
                ended.countDown();
            }
        }
    }

    /**
     * Asks the session to end as SIGTERM or stdin EOF ends a runner of its own (exit code 0).
     * Returns at once: stopping an agent waits for it, which must not hold up the pool's commands.
     */
    void stop(String reason) {
        onSessionThread("stop", () -> runner.requestStop(reason));
    }

    /** Ends the session now: its agent killed at once, its loop told to stop. Returns at once. */
    void kill(String reason) {
        onSessionThread("kill", () -> runner.kill(reason));
    }

    private void onSessionThread(String what, Runnable action) {
        try {
            Thread t = new Thread(group, action, "session-" + what + "-" + id);
            t.setDaemon(true);
            t.start();
        } catch (IllegalThreadStateException e) {
            // the group went away with the session's last thread: the session has ended already
            log.atDebug().addKeyValue("session", id).addKeyValue("op", what).log("pool.session.already_ended");
        }
    }

    /** True once the run ended and {@code onEnd} returned. */
    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** Waits up to {@code millis} for the end; true when it ended. */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }
}
