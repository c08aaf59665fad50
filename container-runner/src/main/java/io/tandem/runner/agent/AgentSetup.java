package io.tandem.runner.agent;

import io.tandem.schema.session.ContainerSpec;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Everything an agent kind needs to start one agent: its {@code agent} section, the session, the
 * resolved working directory (inside the group folder) and the clean environment built by
 * {@link AgentLaunch} (no host variable but PATH, HOME, LANG). A built-in agent reads its settings
 * from here and writes its diagnostics to {@link #log}, the runner's log (a process's stderr).
 * {@code stderr} is where a process agent's stderr goes: the runner's own stderr, or the session's
 * log file in a shared runner JVM (never the pool's log, which other sessions share).
 */
public record AgentSetup(ContainerSpec.Agent agent, String sessionId, Path workspace, Path cwd,
        Map<String, String> env, Logger log, Redirect stderr) {
    public AgentSetup {
        env = Map.copyOf(env);
        java.util.Objects.requireNonNull(stderr, "stderr");
    }

    /** A set-up whose process agent inherits the runner's stderr. */
    public AgentSetup(ContainerSpec.Agent agent, String sessionId, Path workspace, Path cwd,
            Map<String, String> env, Logger log) {
        this(agent, sessionId, workspace, cwd, env, log, Redirect.INHERIT);
    }
}
