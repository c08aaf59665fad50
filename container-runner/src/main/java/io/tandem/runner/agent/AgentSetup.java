package io.tandem.runner.agent;

import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Everything an agent kind needs to start one agent: its {@code agent} section, the session, the
 * resolved working directory (inside the group folder) and the clean environment built by
 * {@link AgentLaunch} (no host variable but PATH, HOME, LANG). A built-in agent reads its settings
 * from here and writes its diagnostics to {@link #log}, the runner's log (a process's stderr).
 */
public record AgentSetup(ContainerSpec.Agent agent, String sessionId, Path workspace, Path cwd,
        Map<String, String> env, Logger log) {
    public AgentSetup {
        env = Map.copyOf(env);
    }
}
