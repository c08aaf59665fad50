package io.tandem.host.containers;

import io.tandem.schema.rows.RuntimeKind;
import java.io.IOException;

/**
 * One way to run a session's runner (DESIGN 5.3): {@code process}, {@code bwrap} or {@code docker}.
 * Whatever the runtime, the returned {@link Process} is the host's handle on the runner: its stdin
 * is a pipe the host holds (EOF stops the runner), its exit is the runner's exit, its output goes
 * to the spawn's log file, and its environment holds only the allow-list (plus the group's
 * {@code api_key_env}). A runtime that cannot confine as promised refuses to start (never a
 * fallback to a weaker one).
 */
public interface ContainerRuntime {
    RuntimeKind kind();

    /** Starts the runner; throws (with the reason) when it cannot. */
    Process start(RunnerSpawn spawn) throws IOException;

    /**
     * Asks a runner to stop cleanly (it finishes, closes its files, releases its lock and exits 0):
     * SIGTERM to the process.
     */
    default void terminate(Process process) {
        process.destroy();
    }

    /**
     * Stops a runner now (a stale runner, the end of shutdown): SIGKILL of the process and its
     * descendants. A runtime whose runner does not die with the process it started overrides this.
     */
    default void kill(String sessionId, Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Host stop, after every runner was stopped: releases what the runtime itself holds (the
     * shared runner JVMs of {@link SharedProcessRuntime}); nothing for a runtime with one process
     * per runner.
     */
    default void close() {
    }

    /** The runner's clean stop through its lifeline: EOF on stdin; SIGTERM if the pipe cannot be closed. */
    static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (java.io.IOException e) {
            process.destroy();
        }
    }
}
