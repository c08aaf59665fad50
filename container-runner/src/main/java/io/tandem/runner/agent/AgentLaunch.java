package io.tandem.runner.agent;

import io.tandem.schema.session.ContainerSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start an {@code exec} agent process: argv, working directory and a clean environment.
 * The agent inherits nothing from the runner's environment but {@code PATH}, {@code HOME} and
 * {@code LANG}, then gets {@code agent.env} and the two {@code TANDEM_*} variables, so no host
 * secret can leak into it. The working directory is the group folder resolved with
 * {@code agent.cwd} and may not escape it. Built-in kinds get the same environment and directory
 * through {@link AgentSetup} ({@link AgentKinds} builds both with the helpers here).
 */
public record AgentLaunch(List<String> command, Path cwd, Map<String, String> env, ProcessBuilder.Redirect stderr) {
    public static final String ECHO_MAIN = "io.tandem.runner.agent.EchoAgent";
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG");

    public AgentLaunch {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        java.util.Objects.requireNonNull(stderr, "stderr");
    }

    /** A launch whose stderr is the runner's own. */
    public AgentLaunch(List<String> command, Path cwd, Map<String, String> env) {
        this(command, cwd, env, ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * Builds the process launch for {@code agent} of a session (its {@code command} is the argv).
     *
     * @param runnerEnv the runner's own environment (only PATH, HOME, LANG are taken from it)
     */
    public static AgentLaunch of(ContainerSpec.Agent agent, Path workspace, Path groupDir, String sessionId,
            Map<String, String> runnerEnv) throws IOException {
        return of(agent, resolveCwd(groupDir, agent.cwd()), cleanEnv(agent, workspace, sessionId, runnerEnv));
    }

    /** The process launch for an agent whose directory and environment are already resolved. */
    static AgentLaunch of(ContainerSpec.Agent agent, Path cwd, Map<String, String> env) {
        return of(agent, cwd, env, ProcessBuilder.Redirect.INHERIT);
    }

    /** As {@link #of(ContainerSpec.Agent, Path, Map)} with the agent's stderr going to {@code stderr}. */
    static AgentLaunch of(ContainerSpec.Agent agent, Path cwd, Map<String, String> env, ProcessBuilder.Redirect stderr) {
        if (agent.command() == null || agent.command().isEmpty()) {
            throw new IllegalArgumentException("agent.kind is " + agent.kind() + " but agent.command is empty");
        }
        return new AgentLaunch(agent.command(), cwd, env, stderr);
    }

    /** {@code PATH}, {@code HOME}, {@code LANG} of the runner, then {@code agent.env}, then the TANDEM_* pair. */
    static Map<String, String> cleanEnv(ContainerSpec.Agent agent, Path workspace, String sessionId,
            Map<String, String> runnerEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String v = runnerEnv.get(name);
            if (v != null) {
                env.put(name, v);
            }
        }
        if (agent.env() != null) {
            agent.env().forEach((k, v) -> {
                if (k != null && v != null) {
                    env.put(k, v);
                }
            });
        }
        env.put("TANDEM_SESSION_ID", sessionId);
        env.put("TANDEM_WORKSPACE", workspace.toAbsolutePath().toString());
        return env;
    }

    /**
     * The echo agent as a separate JVM on the runner's own classpath: {@code kind: echo} runs in
     * process, so this is how an {@code exec} spec runs echo as a process (tests keep both paths
     * covered; the benchmark compares them).
     */
    public static List<String> echoProcessCommand() {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", absoluteClasspath(System.getProperty("java.class.path")), ECHO_MAIN);
    }

    /** Classpath entries made absolute: the agent runs in the group folder, not the runner's cwd. */
    static String absoluteClasspath(String classpath) {
        List<String> out = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                out.add(Paths.get(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** {@code groupDir/cwd}, refused when it is absolute or its real path leaves the group folder. */
    static Path resolveCwd(Path groupDir, String cwd) throws IOException {
        String rel = cwd == null || cwd.isBlank() ? "." : cwd;
        Path relPath = Paths.get(rel);
        if (relPath.isAbsolute()) {
            throw new IllegalArgumentException("agent.cwd must be relative to the group folder, not " + rel);
        }
        Path realGroup = groupDir.toRealPath();
        Path target = realGroup.resolve(relPath).normalize();
        if (!target.startsWith(realGroup)) {
            throw new IllegalArgumentException("agent.cwd '" + rel + "' escapes the group folder");
        }
        Path realTarget = target.toRealPath();
        if (!realTarget.startsWith(realGroup) || !Files.isDirectory(realTarget)) {
            throw new IllegalArgumentException("agent.cwd '" + rel + "' is not a directory inside the group folder");
        }
        return realTarget;
    }

    public ProcessBuilder processBuilder() {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectError(stderr)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }
}
