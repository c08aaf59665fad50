package io.tandem.runner.testagent;

import io.tandem.runner.agent.EchoAgent;
import java.io.IOException;

/**
 * The echo agent as a process that first writes a line naming its session to stderr: shows where
 * an exec agent's stderr ends up (the session's log, in a shared runner JVM too).
 */
public final class StderrEchoAgent {
    private StderrEchoAgent() {
    }

    public static void main(String[] args) throws IOException {
        System.err.println("agent-stderr says hello from " + System.getenv("TANDEM_SESSION_ID"));
        System.err.flush();
        EchoAgent.main(args);
    }
}
