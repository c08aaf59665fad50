package io.tandem.runner.agent;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The far end of the JSON-lines conversation: the agent's stdin and stdout, plus how to wait for
 * it and how to end it. A child process ({@link ProcessEndpoint}) or a thread of the runner's JVM
 * over in-memory pipes ({@link InProcessAgent}); {@link AgentConnection} drives both the same way,
 * so the line reader, its 1 MiB limit, the codec, the batch timeout and the shutdown are one code
 * path whatever the agent kind.
 */
public interface AgentEndpoint {
    /** What the agent reads: closing it is the protocol's "no more work, exit now". */
    OutputStream input();

    /**
     * Writes all of {@code bytes} to the agent's input now if that cannot block, and says whether
     * it did; false means nothing was written (write through {@link #input()} instead). An OS
     * pipe cannot be written without the risk of blocking, so the default never writes.
     */
    default boolean offerInput(byte[] bytes) {
        return false;
    }

    /** What the agent writes: EOF means the agent is gone or going. */
    InputStream output();

    /** For logs: {@code pid 123 /usr/bin/python3} or {@code in-process echo}. */
    String label();

    /** Waits up to {@code millis} for the agent to end; true when it did. */
    boolean waitFor(long millis);

    /**
     * Asks the agent to end (SIGTERM; EOF for an in-process agent), waits up to
     * {@code graceMillis}, then forces it ({@link #kill}). True when it ended in
     * the grace period.
     */
    boolean terminate(long graceMillis);

    /** Ends the agent at once, without grace; returns without waiting. */
    void kill();

    /** The exit code (an in-process agent: 0 returned, 1 threw), or -1 while it still runs. */
    int exitCodeOrMinusOne();
}
