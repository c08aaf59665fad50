package io.tandem.runner;

import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.time.Instant;
import java.util.Map;

/**
 * What a {@link Runner} takes from the process around it, so one class serves both a runner
 * process of its own ({@link #standalone()}) and a session in a shared runner JVM
 * ({@link #pooled}). Invariant: a pooled run touches no process-wide state: it reads no
 * {@code System.in} (its lifeline is the pool's stop command), installs no shutdown hook, writes
 * nothing to {@code System.err} itself and hands its exec agents' stderr to the session's log file.
 *
 * @param lifeline the stream whose EOF stops the run (the host's end of stdin), or null for none
 * @param signalHook whether SIGTERM/SIGINT stop this run through a shutdown hook
 * @param agentEnv the environment an agent's clean environment is taken from (PATH, HOME, LANG, ...)
 * @param agentStderr where an {@code exec} agent's stderr goes
 * @param spawnedAt when this run was asked for (the process start, or the pool's start command), for
 *     the start-up timings in the log; null if unknown
 */
public record RunnerContext(InputStream lifeline, boolean signalHook, Map<String, String> agentEnv,
        Redirect agentStderr, Instant spawnedAt) {
    public RunnerContext {
        agentEnv = Map.copyOf(agentEnv);
    }

    /** A runner process of its own: stdin is the lifeline, SIGTERM stops it, stderr is inherited. */
    public static RunnerContext standalone() {
        return new RunnerContext(System.in, true, System.getenv(), Redirect.INHERIT,
                ProcessHandle.current().info().startInstant().orElse(null));
    }

    /**
     * One session of a shared runner JVM: stopped by the pool only; exec agents' stderr appended to
     * {@code sessionLog}.
     */
    public static RunnerContext pooled(Map<String, String> agentEnv, java.nio.file.Path sessionLog, Instant startedAt) {
        return new RunnerContext(null, false, agentEnv, Redirect.appendTo(sessionLog.toFile()), startedAt);
    }

    /** True for a session in a shared runner JVM. */
    public boolean pooled() {
        return lifeline == null && !signalHook;
    }
}
