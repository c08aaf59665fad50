package io.tandem.host.containers;

import io.tandem.schema.rows.RuntimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code bwrap} runtime: the runner in a bubblewrap sandbox ({@link BwrapArgs} lists every
 * mount). Whether bubblewrap can create its namespaces here is probed once (at host start when a
 * group uses it, else at the first spawn) and remembered; when it cannot, every spawn of a bwrap
 * group fails with that reason: there is no fallback to the unconfined {@code process} runtime.
 * The environment is the allow-list of {@link ProcessRuntime#environment} with {@code PATH} and
 * {@code HOME} replaced by paths that exist inside the sandbox; it is passed to bubblewrap's
 * process (never as {@code --setenv}, which would put an API key on a command line).
 */
public final class BwrapRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(BwrapRuntime.class);
    static final String SANDBOX_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final long PROBE_TIMEOUT_SECONDS = 20;

    private final String binary;
    private final Path runnerJar;
    private final List<String> jvmArgs;
    private final java.util.function.Supplier<BwrapArgs.Layout> layoutSource;
    private volatile BwrapArgs.Layout layout;
    private volatile Availability availability;

    /** Bubblewrap as found here, or why it cannot be used ({@code problem} null: usable). */
    public record Availability(Path binary, String problem) {
        static Availability no(String problem) {
            return new Availability(null, problem);
        }

        public boolean usable() {
            return problem == null;
        }
    }

    /** The machine's layout is read when bwrap is first needed (a host that never uses it never reads it). */
    public BwrapRuntime(String binary, Path runnerJar, List<String> jvmArgs) {
        this.binary = binary;
        this.runnerJar = runnerJar;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.layoutSource = () -> HostLayout.read(Path.of(System.getProperty("java.home")));
    }

    private BwrapArgs.Layout layout() {
        BwrapArgs.Layout l = layout;
        if (l == null) {
            l = layoutSource.get();
            layout = l;
        }
        return l;
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.BWRAP;
    }

    /** Probes once (a sandbox running {@code true}), logs the answer, and remembers it. */
    public synchronized Availability availability() {
        if (availability == null) {
            availability = probe();
            if (availability.usable()) {
                log.atInfo().addKeyValue("bwrap", availability.binary()).log("runtime.bwrap.available");
            } else {
                log.atError().addKeyValue("reason", availability.problem())
                        .log("runtime.bwrap.unavailable: groups using runtime bwrap will not start");
            }
        }
        return availability;
    }

    private Availability probe() {
        Optional<Path> bwrap = Executables.find(binary, System.getenv());
        if (bwrap.isEmpty()) {
            return Availability.no("bubblewrap '" + binary + "' was not found (containers.bwrap.binary; "
                    + "install the bubblewrap package)");
        }
        Path trueBin = Files.isExecutable(Path.of("/usr/bin/true")) ? Path.of("/usr/bin/true") : Path.of("/bin/true");
        try {
            Process p = new ProcessBuilder(BwrapArgs.probe(bwrap.get(), layout(), trueBin)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Availability.no(bwrap.get() + " did not finish a test sandbox within "
                        + PROBE_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                return Availability.no(bwrap.get() + " cannot create a sandbox here (exit " + p.exitValue()
                        + "): " + new String(output).strip() + " (user namespaces disabled? see docs/runtimes.md)");
            }
            return new Availability(bwrap.get(), null);
        } catch (IOException e) {
            return Availability.no(bwrap.get() + " could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Availability.no("interrupted while probing " + bwrap.get());
        }
    }

    /**
     * Closes the runner's stdin: the runner stops cleanly at EOF. A SIGTERM to bubblewrap would not
     * reach the runner (bubblewrap dies and its sandbox is SIGKILLed with it).
     */
    @Override
    public void terminate(Process process) {
        ContainerRuntime.closeStdin(process);
    }

    /** The full command line for {@code spawn} with the bubblewrap binary at {@code bwrap}. */
    List<String> command(Path bwrap, RunnerSpawn spawn) {
        return BwrapArgs.command(bwrap, layout(), runnerJar, spawn.workspace(), spawn.workspace().resolve("out"),
                spawn.groupDir(), spawn.network(), jvmArgs);
    }

    @Override
    public Process start(RunnerSpawn spawn) throws IOException {
        Availability a = availability();
        if (!a.usable()) {
            throw new RuntimeUnavailableException("runtime bwrap is unavailable on this host, so the runner is not "
                    + "started (no fallback to process): " + a.problem());
        }
        Files.createDirectories(spawn.workspace().resolve("agent"));
        List<String> argv = command(a.binary(), spawn);
        log.atDebug().addKeyValue("session", spawn.sessionId()).addKeyValue("argv", argv).log("runtime.bwrap.argv");
        return RunnerSpawn.launch(argv, environment(System.getenv(), spawn.passEnv()), spawn.groupDir(),
                spawn.logFile());
    }

    /** The process runtime's allow-list, with PATH and HOME that exist inside the sandbox. */
    static Map<String, String> environment(Map<String, String> hostEnv, Optional<String> passName) {
        Map<String, String> env = ProcessRuntime.environment(hostEnv, passName);
        env.put("PATH", SANDBOX_PATH);
        env.put("HOME", BwrapArgs.AGENT);
        return env;
    }
}
