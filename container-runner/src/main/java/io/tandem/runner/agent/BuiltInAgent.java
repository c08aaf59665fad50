package io.tandem.runner.agent;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * An agent that runs on a thread of the runner's JVM. It speaks the very same JSON-lines protocol
 * as an {@code exec} agent, over in-memory pipes instead of stdin/stdout, so the runner's codec
 * and limits are exercised exactly as for a process while the session costs one JVM.
 *
 * <p>Contract: read lines from {@code in} until EOF, then return (that is the exit). Flushing is
 * not needed to be seen. Whatever the agent would print to stderr goes to {@link AgentSetup#log()}.
 * An exception out of {@link #serve} is the agent crashing: it is logged with its stack trace and
 * the runner sees an agent that exited (code 1), exactly as for a process.
 */
@FunctionalInterface
public interface BuiltInAgent {
    void serve(InputStream in, OutputStream out, AgentSetup setup) throws Exception;
}
