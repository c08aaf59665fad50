package io.tandem.bench;

import io.tandem.host.HostDaemon;
import io.tandem.host.config.ConfigLoader;
import io.tandem.host.config.TandemConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A host under measurement: either a child process started through {@code scripts/tandem up} (its
 * JVM flags, so the figures are the operator's; the bench JVM is then only the HTTP client and
 * its CPU is not counted) or, for the historical latency run, a {@link HostDaemon} in this JVM
 * (commits countable in-process, the client's CPU counted with the host's). Config keys are passed
 * the operator's way, as {@code TANDEM_...} environment variables for the child.
 */
public final class BenchHost implements AutoCloseable {
    private static final Duration READY_LIMIT = Duration.ofSeconds(180);
    private final String base;
    private final String admin;
    private final long pid;
    private final Path data;
    private final Process process;
    private final HostDaemon daemon;

    private BenchHost(String base, String admin, long pid, Path data, Process process, HostDaemon daemon) {
        this.base = base;
        this.admin = admin;
        this.pid = pid;
        this.data = data;
        this.process = process;
        this.daemon = daemon;
    }

    /** The host as a child process; its stderr goes to {@code <data>/host.log}. */
    public static BenchHost child(Path data, Map<String, String> config) throws IOException {
        String script = System.getProperty("tandem.script");
        if (script == null) {
            throw new IllegalStateException("-Dtandem.script=<path of scripts/tandem> is required (scripts/bench sets it)");
        }
        ProcessBuilder pb = new ProcessBuilder(script, "up", "--data", data.toString(), "--http", "127.0.0.1:0",
                "--admin", "127.0.0.1:0");
        pb.environment().putAll(env(config));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(data.resolve("host.log").toFile()));
        Process p = pb.start();
        // bounded: a host not ready within the limit is killed, which ends the read below
        AtomicBoolean announced = new AtomicBoolean();
        CompletableFuture.delayedExecutor(READY_LIMIT.toSeconds(), TimeUnit.SECONDS).execute(() -> {
            if (!announced.get()) {
                p.destroyForcibly();
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("tandem ready ")) {
                String http = field(line, "http=");
                String adm = field(line, "admin=");
                announced.set(true);
                Thread drain = new Thread(() -> drain(out), "bench-host-stdout");
                drain.setDaemon(true);
                drain.start();
                return new BenchHost("http://" + http, "http://" + adm, p.pid(), data, p, null);
            }
        }
        throw new IllegalStateException("host exited before ready (exit " + waitExit(p) + "); see " + data.resolve("host.log"));
    }

    /** The host in this JVM, as the original round-trip bench ran it. */
    public static BenchHost inProcess(Path data, Map<String, String> config) throws Exception {
        Map<String, String> flags = new HashMap<>(config);
        flags.put("data_dir", data.toString());
        flags.put("adapters.http.bind", "127.0.0.1:0");
        flags.put("admin.bind", "127.0.0.1:0");
        String jar = System.getProperty("tandem.runner.jar");
        if (jar != null) {
            flags.put("containers.process.runner_jar", jar);
        }
        TandemConfig cfg = ConfigLoader.load(null, System.getenv(), flags);
        HostDaemon d = HostDaemon.start(cfg, Clock.systemUTC());
        return new BenchHost("http://" + d.httpAddress(), "http://" + d.adminAddress(), ProcessHandle.current().pid(),
                data, null, d);
    }

    /**
     * Waits (at most {@code limit}) until the host's runner start cache is built: an AppCDS archive
     * in {@code <data>/cache/} and no training run left among the host's descendants. A host
     * builds it once per data folder in the background after start; measuring before that would
     * count the training JVM's CPU and its competition for the cores, and time cold starts
     * without the archive that every later start of this data folder has. Returns the seconds
     * waited; a cache that never appears (CDS off in the operator's flags) ends the wait once no
     * training run has been seen for 5 s.
     */
    public double awaitStartCache(Duration limit) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        long quietSince = t0;
        while (System.nanoTime() < deadline) {
            boolean training = ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .anyMatch(h -> h.info().arguments().map(a -> String.join(" ", a).contains("CdsTraining")).orElse(false));
            if (training) {
                quietSince = System.nanoTime();
            } else if (archiveBuilt() || System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(5)) {
                break;
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private boolean archiveBuilt() {
        try (var files = java.nio.file.Files.list(data.resolve("cache"))) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
        } catch (IOException e) {
            return false;
        }
    }

    public String baseUrl() {
        return base;
    }

    public String adminUrl() {
        return admin;
    }

    public long pid() {
        return pid;
    }

    public Path data() {
        return data;
    }

    public boolean inProcess() {
        return daemon != null;
    }

    /** Stops the host (SIGTERM for a child, its orderly shutdown) and waits for it. */
    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code runner.idle_exit} → {@code TANDEM_RUNNER__IDLE_EXIT}. */
    static Map<String, String> env(Map<String, String> config) {
        Map<String, String> env = new HashMap<>();
        config.forEach((k, v) -> env.put("TANDEM_" + k.toUpperCase(java.util.Locale.ROOT).replace(".", "__"), v));
        return env;
    }

    private static String field(String line, String key) {
        int i = line.indexOf(key) + key.length();
        int end = line.indexOf(' ', i);
        return end < 0 ? line.substring(i) : line.substring(i, end);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the host prints nothing more of interest; keep its pipe from filling
            }
        } catch (IOException ignored) {
            // host gone
        }
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
