package io.tandem.host.containers;

import io.tandem.schema.rows.RuntimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} runtime with {@code containers.process.shared = true}: ONE runner JVM per
 * agent group ({@code tandem-runner --pool --group DIR}) runs all of that group's running sessions,
 * each still with its own {@code runner.lock}, loop, files, heartbeat and agent (issue 6: a JVM per
 * session costs ~56 MB and ~20 threads). Keyed by group folder and {@code api_key_env} name, so a
 * group's crash takes only its own sessions down and its secret never shares a JVM, or an exec
 * agent's environment, with another group's.
 *
 * <p>{@link #start} hands back a {@link PooledRunner}: the host's usual handle on a runner (exit =
 * the session's end, {@code destroy} = stop, {@code destroyForcibly} = kill). The JVM gets exactly
 * the environment a per-session runner of the group gets ({@link ProcessRuntime#environment}) and
 * the start-up cache's flags ({@link RunnerJvm}); its own log lines go to
 * {@code logs/runner-pool-<group folder>.log}, each session's to its usual {@code runner-<id>.log}.
 * A JVM ends {@code linger} after its last session ended, and at {@link #close()} (host stop, after
 * the supervisor stopped every runner).
 */
public final class SharedProcessRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(SharedProcessRuntime.class);
    /** How long a JVM without sessions waits for a new one before it ends. */
    public static final Duration LINGER = Duration.ofSeconds(60);

    /** Which JVM a session runs in: its group folder and the host variable passed to that group. */
    record Key(Path groupDir, Optional<String> passEnv) {
    }

    private final Path runnerJar;
    private final RunnerJvm jvm;
    private final Path logDir;
    private final Duration linger;
    private final Map<String, String> hostEnv;
    private final Object registryLock = new Object();
    private final Map<Key, RunnerPool> pools = new ConcurrentHashMap<>();
    /** Guarded by {@link #registryLock}: the host is stopping; no JVM is started any more. */
    private boolean closed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runner-pool-timer");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param jvm     the runner JVM's flags ({@code containers.process.shared_jvm_args}) and start-up cache
     * @param logDir  where {@code runner-pool-<group>.log} files go ({@code <data>/logs})
     * @param linger  how long a JVM without sessions lives on ({@link #LINGER})
     * @param hostEnv the host's environment, of which only the allow-list and a group's {@code api_key_env} pass
     */
    public SharedProcessRuntime(Path runnerJar, RunnerJvm jvm, Path logDir, Duration linger,
                                Map<String, String> hostEnv) {
        this.runnerJar = runnerJar;
        this.jvm = jvm;
        this.logDir = logDir;
        this.linger = linger;
        this.hostEnv = Map.copyOf(hostEnv);
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.PROCESS;
    }

    /**
     * Starts the session in its group's JVM (starting that JVM first if none runs). A JVM found
     * closing or gone is left, and the session goes to a fresh one; throws when no JVM can be started.
     */
    @Override
    public Process start(RunnerSpawn spawn) throws IOException {
        Key key = new Key(spawn.groupDir().toAbsolutePath().normalize(), spawn.passEnv());
        for (int attempt = 0; attempt < 3; attempt++) {
            RunnerPool pool = poolFor(key);
            PooledRunner r = pool.attach(spawn);
            if (r != null) {
                return r;
            }
            gone(pool); // closing or broken: the next attempt starts a fresh JVM
        }
        throw new IOException("no shared runner JVM for group folder " + key.groupDir()
                + " took session " + spawn.sessionId() + " (see logs/runner-pool-" + key.groupDir().getFileName()
                + ".log)");
    }

    private RunnerPool poolFor(Key key) throws IOException {
        synchronized (registryLock) {
            if (closed) {
                throw new IOException("the host is stopping: no runner is started");
            }
            RunnerPool pool = pools.get(key);
            if (pool == null) {
                Path logFile = logDir.resolve("runner-pool-" + key.groupDir().getFileName() + ".log");
                pool = RunnerPool.open(key, launch(key, logFile), logFile, timer, linger, this::gone);
                pools.put(key, pool);
            }
            return pool;
        }
    }

    /**
     * Starts the group's JVM: exactly the group's runner environment, the group folder as working
     * directory, stdin and stdout pipes (commands and events), stderr appended to {@code logFile}.
     */
    private Process launch(Key key, Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(command(key.groupDir()));
        pb.environment().clear();
        pb.environment().putAll(ProcessRuntime.environment(hostEnv, key.passEnv()));
        pb.directory(key.groupDir().toFile());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        return pb.start();
    }

    private void gone(RunnerPool pool) {
        pools.remove(pool.key(), pool);
    }

    /** The JVM's command line: {@code setsid java <flags> -jar tandem-runner.jar --pool --group DIR}. */
    public List<String> command(Path groupDir) {
        List<String> cmd = new ArrayList<>();
        ProcessRuntime.setsid().ifPresent(p -> cmd.add(p.toString()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm.args());
        cmd.add("-jar");
        cmd.add(runnerJar.toString());
        cmd.add("--pool");
        cmd.add("--group");
        cmd.add(groupDir.toString());
        return cmd;
    }

    /**
     * {@code kill} of this session only: never a signal or a descendants sweep, which would hit the
     * group's other sessions. The session ends within seconds (the JVM, then the host, halts the
     * JVM if it does not).
     */
    @Override
    public void kill(String sessionId, Process process) {
        if (process instanceof PooledRunner) {
            process.destroyForcibly();
        } else {
            ContainerRuntime.super.kill(sessionId, process);
        }
    }

    /** The running JVMs' pids (status and tests). */
    public List<Long> pids() {
        return pools.values().stream().map(RunnerPool::pid).toList();
    }

    /**
     * Host stop, after the supervisor stopped every runner: each JVM's stdin is closed (it stops
     * what still runs and exits); one still running after {@link RunnerPool#EXIT_GRACE} is killed
     * with its children. Returns when every JVM is gone.
     */
    @Override
    public void close() {
        List<RunnerPool> all;
        synchronized (registryLock) {
            closed = true;
            all = new ArrayList<>(pools.values());
        }
        all.forEach(RunnerPool::close);
        for (RunnerPool p : all) {
            try {
                if (!p.awaitExit(RunnerPool.EXIT_GRACE)) {
                    p.killJvm("still running " + RunnerPool.EXIT_GRACE.toSeconds() + " s after the host closed it");
                    p.awaitExit(RunnerPool.EXIT_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.killJvm("host stop interrupted");
            }
        }
        log.atInfo().addKeyValue("pools", all.size()).log("runner_pool.all_closed");
        timer.shutdownNow();
    }
}
