package io.tandem.host.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A real host: {@code tandem up} in a child JVM on loopback with any free ports, as a user runs
 * it. Its stderr goes to {@code host-N.log} beside the data folder; stdout is collected so the
 * ready line can be checked.
 */
public final class HostProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("tandem ready http=(\\S+) admin=(\\S+) data=(.+)");
    private static int counter;

    private final Process process;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final Path dataDir;
    private final Path log;
    private String http;
    private String admin;

    private HostProcess(Process process, Path dataDir, Path log) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stdout.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "host-stdout");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Test settings: the real defaults for {@code sweep.interval} (60 s) and
     * {@code storage.durability} (power), so timing bugs cannot hide behind a fast sweep; only the
     * runner jar and a short heartbeat. A test whose subject is the sweep or durability sets them.
     */
    public static Map<String, String> testEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TANDEM_CONTAINERS__PROCESS__RUNNER_JAR", JavaProcesses.runnerJar().toString());
        env.put("TANDEM_RUNNER__HEARTBEAT_INTERVAL", "500ms");
        env.put("TANDEM_SWEEP__HEARTBEAT_STALE", "30s");
        return env;
    }

    public static HostProcess start(Path dataDir) throws IOException {
        return start(dataDir, testEnv());
    }

    /** Starts {@code tandem up} and waits for its ready line. */
    public static HostProcess start(Path dataDir, Map<String, String> env) throws IOException {
        HostProcess h = launch(dataDir, env);
        h.awaitReady();
        return h;
    }

    /** Starts {@code tandem up} with the http channel on {@code httpBind} (a restart keeps its address). */
    public static HostProcess start(Path dataDir, Map<String, String> env, String httpBind) throws IOException {
        HostProcess h = launch(dataDir, env, httpBind);
        h.awaitReady();
        return h;
    }

    /** Starts {@code tandem up} without waiting (for a host expected to refuse). */
    public static HostProcess launch(Path dataDir, Map<String, String> env) throws IOException {
        return launch(dataDir, env, "127.0.0.1:0");
    }

    private static HostProcess launch(Path dataDir, Map<String, String> env, String httpBind) throws IOException {
        Path log = dataDir.resolveSibling("host-" + (++counter) + "-" + dataDir.getFileName() + ".log");
        ProcessBuilder pb = JavaProcesses.builder("io.tandem.host.cli.TandemCli", "up", "--data", dataDir.toString(),
                "--http", httpBind, "--admin", "127.0.0.1:0");
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new HostProcess(pb.start(), dataDir, log);
    }

    private void awaitReady() {
        Awaitility.await("host ready line (log: " + log + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> readyLine() != null || !process.isAlive());
        assertThat(process.isAlive()).as("host exited early; log:\n%s", logText()).isTrue();
        Matcher m = READY.matcher(readyLine());
        assertThat(m.matches()).isTrue();
        http = m.group(1);
        admin = m.group(2);
    }

    private String readyLine() {
        synchronized (stdout) {
            return stdout.stream().filter(l -> l.startsWith("tandem ready ")).findFirst().orElse(null);
        }
    }

    public String http() {
        return http;
    }

    public String admin() {
        return admin;
    }

    public String httpBase() {
        return "http://" + http;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public JsonNode hostJson() throws IOException {
        return Json.parse(Files.readString(dataDir.resolve("host.json")));
    }

    /** SIGKILL, no chance to clean up. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for the ordered stop; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
