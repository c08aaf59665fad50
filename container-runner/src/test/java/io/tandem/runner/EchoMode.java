package io.tandem.runner;

import io.tandem.runner.agent.AgentLaunch;
import io.tandem.schema.session.ContainerSpec;
import java.util.Map;

/**
 * The two ways the echo agent runs, so every protocol test covers both: {@code kind: echo} in the
 * runner's JVM over in-memory pipes, and the same agent as a separate process ({@code exec} with
 * the {@code EchoAgent} main class), which is the path every {@code exec} agent takes.
 */
enum EchoMode {
    IN_PROCESS,
    PROCESS;

    ContainerSpec.Agent agent() {
        return this == IN_PROCESS ? ContainerSpec.Agent.echo()
                : new ContainerSpec.Agent("exec", AgentLaunch.echoProcessCommand(), Map.of(), ".");
    }

    /** A runner of this mode serving a session has this many child processes. */
    int agentProcesses() {
        return this == IN_PROCESS ? 0 : 1;
    }
}
