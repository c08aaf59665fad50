package io.tandem.runner.agent;

import io.tandem.schema.session.ContainerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * The agent-kind registry: {@code agent.kind} → how to start such an agent, either a process
 * ({@code exec}) or a {@link BuiltInAgent} on a thread of the runner's JVM ({@code echo}, {@code openai}). The
 * runner's loop only ever sees the resulting {@link AgentEndpoint}, so a built-in kind (like the
 * {@code openai} agent) is one {@link #with} entry and touches neither the loop nor the codec.
 * Every kind gets the same clean environment and checked working directory ({@link AgentSetup}).
 * Immutable.
 */
public final class AgentKinds {
    /** Starts one agent of a kind. */
    @FunctionalInterface
    public interface Kind {
        AgentEndpoint start(AgentSetup setup) throws IOException;
    }

    private final Map<String, Kind> kinds;

    private AgentKinds(Map<String, Kind> kinds) {
        this.kinds = Collections.unmodifiableMap(new TreeMap<>(kinds));
    }

    /** {@code exec} (a process running {@code agent.command}) and the built-in {@code echo}. */
    public static AgentKinds standard() {
        return new AgentKinds(Map.of()).with("exec", AgentKinds::process).with("echo", builtIn("echo", EchoAgent::serve))
                .with("openai", io.tandem.runner.agent.openai.OpenAiAgent.kind(System::getenv));
    }

    /** This registry plus (or with a replaced) {@code name}. */
    public AgentKinds with(String name, Kind kind) {
        Map<String, Kind> next = new TreeMap<>(kinds);
        next.put(name, kind);
        return new AgentKinds(next);
    }

    /** A kind served in the runner's JVM by {@code agent}, over in-memory pipes. */
    public static Kind builtIn(String name, BuiltInAgent agent) {
        return setup -> InProcessAgent.start(name, agent, setup);
    }

    /** A kind that is a child process running {@code agent.command}. */
    static AgentEndpoint process(AgentSetup setup) throws IOException {
        return ProcessEndpoint.start(AgentLaunch.of(setup.agent(), setup.cwd(), setup.env(), setup.stderr()));
    }

    /**
     * Starts the session's agent ({@code echo} when the spec names none).
     *
     * @param runnerEnv the runner's own environment (only PATH, HOME, LANG are passed on)
     * @throws IllegalArgumentException an unknown kind, a bad {@code cwd}, an {@code exec} without command
     */
    public AgentEndpoint start(ContainerSpec.Agent agent, Path workspace, Path groupDir, String sessionId,
            Map<String, String> runnerEnv) throws IOException {
        return start(agent, workspace, groupDir, sessionId, runnerEnv, java.lang.ProcessBuilder.Redirect.INHERIT);
    }

    /** As {@link #start(ContainerSpec.Agent, Path, Path, String, Map)}; a process agent's stderr goes to {@code agentStderr}. */
    public AgentEndpoint start(ContainerSpec.Agent agent, Path workspace, Path groupDir, String sessionId,
            Map<String, String> runnerEnv, java.lang.ProcessBuilder.Redirect agentStderr) throws IOException {
        ContainerSpec.Agent a = agent == null ? ContainerSpec.Agent.echo() : agent;
        String name = a.kind() == null ? "echo" : a.kind();
        Kind kind = kinds.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("agent.kind must be one of " + String.join(", ", kinds.keySet())
                    + ", not '" + name + "'");
        }
        AgentSetup setup = new AgentSetup(a, sessionId, workspace, AgentLaunch.resolveCwd(groupDir, a.cwd()),
                AgentLaunch.cleanEnv(a, workspace, sessionId, runnerEnv),
                LoggerFactory.getLogger("io.tandem.agent." + name), agentStderr);
        return kind.start(setup);
    }
}
