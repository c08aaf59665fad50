package io.tandem.runner;

import io.tandem.runner.loop.LoopEvents;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Makes SIGTERM (and SIGINT) take the same exit path as any other stop: the shutdown hook asks the
 * main loop to stop, waits for it to stop the agent, close both connections and release
 * {@code runner.lock}, then ends the process with the code the main thread chose (0 for a
 * signal). Without this a JVM ended by a signal would exit 143 and could leave the agent running.
 *
 * <p>When the process exits on its own ({@link #exit}), the hook sees that and does nothing.
 */
final class ShutdownCoordinator {
    private static final long WAIT_FOR_MAIN_SECONDS = 8;
    private static volatile boolean exiting;

    private final LoopEvents events;
    private final Supplier<Runnable> agentKiller;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int finalCode = ExitCodes.OK;

    ShutdownCoordinator(LoopEvents events, Supplier<Runnable> agentKiller) {
        this.events = events;
        this.agentKiller = agentKiller;
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "runner-shutdown"));
    }

    /** Called by the main thread once everything is closed and the lock released. */
    void finished(int code) {
        finalCode = code;
        finished.countDown();
    }

    /** The one way the runner ends itself; tells the hook that this exit is not a signal. */
    static void exit(int code) {
        exiting = true;
        System.exit(code);
    }

    private void onSignal() {
        if (exiting) {
            return;
        }
        events.stop(ExitCodes.OK, "signal");
        try {
            if (finished.await(WAIT_FOR_MAIN_SECONDS, TimeUnit.SECONDS)) {
                Runtime.getRuntime().halt(finalCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runnable kill = agentKiller.get();
        if (kill != null) {
            kill.run();
        }
        Runtime.getRuntime().halt(ExitCodes.FATAL);
    }
}
