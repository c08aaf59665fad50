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
 * How to start the agent: argv, working directory and a clean environment. The agent inherits
 * nothing from the runner's environment but {@code PATH}, {@code HOME} and {@code LANG}, then
 * gets {@code agent.env} and the two {@code TANDEM_*} variables, so no host secret can leak into
 * it. The working directory is the group folder resolved with {@code agent.cwd} and may not
 * escape it.
 */
public record AgentLaunch(List<String> command, Path cwd, Map<String, String> env) {
    public static final String ECHO_MAIN = "io.tandem.runner.agent.EchoAgent";
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG");

    public AgentLaunch {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /**
     * Builds the launch for {@code agent} of a session.
     *
     * @param runnerEnv the runner's own environment (only PATH, HOME, LANG are taken from it)
     */
    public static AgentLaunch of(ContainerSpec.Agent agent, Path workspace, Path groupDir, String sessionId,
            Map<String, String> runnerEnv) throws IOException {
        ContainerSpec.Agent a = agent == null ? ContainerSpec.Agent.echo() : agent;
        String kind = a.kind() == null ? "echo" : a.kind();
        List<String> argv = switch (kind) {
            case "echo" -> echoCommand();
            case "exec" -> {
                if (a.command() == null || a.command().isEmpty()) {
                    throw new IllegalArgumentException("agent.kind is exec but agent.command is empty");
                }
                yield a.command();
            }
            default -> throw new IllegalArgumentException("agent.kind must be echo or exec, not '" + kind + "'");
        };
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String v = runnerEnv.get(name);
            if (v != null) {
                env.put(name, v);
            }
        }
        if (a.env() != null) {
            a.env().forEach((k, v) -> {
                if (k != null && v != null) {
                    env.put(k, v);
                }
            });
        }
        env.put("TANDEM_SESSION_ID", sessionId);
        env.put("TANDEM_WORKSPACE", workspace.toAbsolutePath().toString());
        return new AgentLaunch(argv, resolveCwd(groupDir, a.cwd()), env);
    }

    /** The built-in echo agent: a small JVM running {@link EchoAgent} from the runner's own classpath. */
    static List<String> echoCommand() {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", absoluteClasspath(System.getProperty("java.class.path")), ECHO_MAIN));
        return argv;
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
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }
}
