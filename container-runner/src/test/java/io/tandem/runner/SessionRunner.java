package io.tandem.runner;

import java.io.IOException;
import java.time.Duration;

/**
 * A session being run for a test, by a runner process of its own ({@link RunnerProcess}) or as
 * one session of a shared runner JVM ({@link PooledSessionRunner}), so protocol tests run both
 * ways unchanged.
 */
interface SessionRunner extends AutoCloseable {
    /** The pid of the JVM running the session. */
    long pid();

    /** True until the session's run ended. */
    boolean isAlive();

    /** Stops the session as the host stops it cleanly (SIGTERM; a pool's stop line). */
    void terminate();

    /** Stops the session as the host's end of the lifeline closing does (stdin EOF; a pool's stop line). */
    void closeStdin() throws IOException;

    /** Waits for the end (failing after {@code atMost}); returns the session's exit code. */
    int awaitExit(Duration atMost);

    /** The session's log so far. */
    String log();

    @Override
    void close() throws IOException;
}
