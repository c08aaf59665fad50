package io.tandem.host.containers;

import io.tandem.host.config.TandemConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code process} runtime: the runner as a local JVM. Argument lists, never a shell string.
 * The environment is cleared and only an allow-list passes, so no host secret reaches a runner;
 * the one exception is the variable a group's agent names in {@code api_key_env}, passed to that
 * group's runners only ({@link #environment}).
 * The runner starts in its own process session ({@code setsid}) so a Ctrl-C aimed at the host does
 * not hit it; its stdin is a pipe the host holds, so a killed host means stdin EOF and the runner
 * exits by itself. JVM flags come from {@code containers.process.jvm_args} plus the start-up cache
 * of {@link RunnerJvm} (SQLite's library extracted once, the runner's AppCDS archive).
 */
public final class ProcessRuntime implements ContainerRuntime {
    private static final List<String> ENV_ALLOW = List.of("PATH", "LANG", "LC_ALL", "TZ", "HOME");
    private static final Path SETSID = findSetsid();

    private final TandemConfig.Containers config;
    private final Path runnerJar;
    private final RunnerJvm jvm;

    /** Without a start-up cache: the configured flags only. */
    public ProcessRuntime(TandemConfig.Containers config, Path runnerJar) {
        this(config, runnerJar, RunnerJvm.plain(runnerJar, config == null ? List.of() : config.jvmArgs()));
    }

    public ProcessRuntime(TandemConfig.Containers config, Path runnerJar, RunnerJvm jvm) {
        this.config = config;
        this.runnerJar = runnerJar;
        this.jvm = jvm;
    }

    /**
     * The runtime for a host on {@code dataDir}: the start-up cache lives in {@code <data>/cache/};
     * SQLite's library is extracted now; the host asks {@link RunnerJvm#buildArchiveInBackground()}
     * once it is up, and {@link RunnerJvm#close()} when it stops.
     */
    public static ProcessRuntime forDataDir(TandemConfig.Containers config, Path runnerJar, Path dataDir) {
        RunnerJvm jvm = RunnerJvm.inCache(dataDir.resolve("cache"), runnerJar, config.jvmArgs());
        return new ProcessRuntime(config, runnerJar, jvm);
    }

    public RunnerJvm jvm() {
        return jvm;
    }

    public Path runnerJar() {
        return runnerJar;
    }

    @Override
    public io.tandem.schema.rows.RuntimeKind kind() {
        return io.tandem.schema.rows.RuntimeKind.PROCESS;
    }

    @Override
    public Process start(RunnerSpawn spawn) throws IOException {
        return start(spawn.workspace(), spawn.groupDir(), spawn.logFile(), spawn.passEnv());
    }

    public List<String> command(Path workspace, Path groupDir) {
        List<String> cmd = new ArrayList<>();
        if (SETSID != null) {
            cmd.add(SETSID.toString());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm.args());
        cmd.add("-jar");
        cmd.add(runnerJar.toString());
        cmd.add("--workspace");
        cmd.add(workspace.toString());
        cmd.add("--group");
        cmd.add(groupDir.toString());
        return cmd;
    }

    /**
     * Starts a runner whose environment is the allow-list plus {@code passName} (a group's
     * {@code api_key_env}), taken from the host's own environment.
     */
    public Process start(Path workspace, Path groupDir, Path logFile, Optional<String> passName) throws IOException {
        return RunnerSpawn.launch(command(workspace, groupDir), environment(System.getenv(), passName), groupDir,
                logFile);
    }

    /**
     * A runner's environment: the allow-listed variables of {@code hostEnv}, plus {@code passName}
     * when given (and allowed by {@link ApiKeyEnv}) — that one name for that group's runners only.
     */
    static Map<String, String> environment(Map<String, String> hostEnv, Optional<String> passName) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String k : ENV_ALLOW) {
            if (hostEnv.containsKey(k)) {
                env.put(k, hostEnv.get(k));
            }
        }
        passName.filter(n -> ApiKeyEnv.problem(n) == null).ifPresent(n -> {
            String v = hostEnv.get(n);
            if (v != null) {
                env.put(n, v);
            }
        });
        return env;
    }

    /** {@code setsid}, when this system has it: a runner in its own session misses the host's Ctrl-C. */
    static Optional<Path> setsid() {
        return Optional.ofNullable(SETSID);
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Finds the runner jar: the configured path, else {@code tandem-runner.jar} beside the host
     * jar, else the build tree ({@code container-runner/target/tandem-runner.jar}).
     */
    public static Path locateRunnerJar(Path configured) {
        if (configured != null) {
            return configured;
        }
        String prop = System.getProperty("tandem.runner.jar");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        try {
            Path here = Path.of(ProcessRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(here) ? here : here.getParent();
            for (Path candidate : List.of(dir.resolve("tandem-runner.jar"),
                    dir.resolve("../../container-runner/target/tandem-runner.jar").normalize(),
                    dir.resolve("../../../container-runner/target/tandem-runner.jar").normalize())) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        } catch (Exception ignored) {
            // fall through to the error below
        }
        throw new io.tandem.host.config.ConfigError("containers.process.runner_jar",
                "is empty and no tandem-runner.jar was found beside the host jar or in the build tree");
    }
}
