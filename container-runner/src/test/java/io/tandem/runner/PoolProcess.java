package io.tandem.runner;

import static org.awaitility.Awaitility.await;

import io.tandem.schema.pool.PoolCommand;
import io.tandem.schema.pool.PoolEvent;
import io.tandem.schema.pool.PoolEventKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real shared runner JVM ({@code --pool --group DIR}) started as the host starts one, on this
 * test JVM's classpath: the test writes command lines to its stdin and reads every line of its
 * stdout (each must be a {@link PoolEvent}; anything else is kept in {@link #strayLines}); its
 * stderr (the pool log) goes to a file.
 */
final class PoolProcess implements AutoCloseable {
    private final Process process;
    private final Path poolLog;
    private final OutputStream stdin;
    private final List<PoolEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> strayLines = new CopyOnWriteArrayList<>();

    private PoolProcess(Process process, Path poolLog) {
        this.process = process;
        this.poolLog = poolLog;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readEvents, "pool-events-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static PoolProcess start(Path group, Path poolLog) throws IOException {
        return start(group, poolLog, null);
    }

    /** As above with exactly {@code env} as the JVM's environment (null: inherited). */
    static PoolProcess start(Path group, Path poolLog, java.util.Map<String, String> env) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), RunnerMain.class.getName(),
                "--pool", "--group", group.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(group.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(poolLog.toFile()));
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        return new PoolProcess(p, poolLog);
    }

    private void readEvents() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                try {
                    events.add(PoolEvent.parse(line));
                } catch (RuntimeException e) {
                    strayLines.add(line);
                }
            }
        } catch (IOException e) {
            // the pool is gone
        }
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    synchronized void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void start(SessionFixture session, Path log) throws IOException {
        send(PoolCommand.start(session.spec().sessionId(), session.workspace, log).toLine());
    }

    void stop(String session) throws IOException {
        send(PoolCommand.stop(session).toLine());
    }

    void kill(String session) throws IOException {
        send(PoolCommand.kill(session).toLine());
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    List<PoolEvent> events() {
        return List.copyOf(events);
    }

    List<String> strayLines() {
        return List.copyOf(strayLines);
    }

    /** The {@code exited} events of {@code session} so far. */
    List<PoolEvent> exits(String session) {
        return events.stream().filter(e -> e.event() == PoolEventKind.EXITED && session.equals(e.session())).toList();
    }

    Optional<PoolEvent> firstExit(String session) {
        return exits(session).stream().findFirst();
    }

    /** Waits for {@code session}'s {@code n}th {@code exited} event and returns it. */
    PoolEvent awaitExit(String session, int n, Duration atMost) {
        await(session + " exited").atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> exits(session).size() >= n);
        return exits(session).get(n - 1);
    }

    PoolEvent awaitEvent(PoolEventKind kind, int n, Duration atMost) {
        await(kind.wire() + " event").atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> events.stream().filter(e -> e.event() == kind).count() >= n);
        return events.stream().filter(e -> e.event() == kind).toList().get(n - 1);
    }

    int awaitProcessExit(Duration atMost) {
        await("pool exit").atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    String poolLog() {
        return ChildProcesses.readLog(poolLog);
    }

    /** Ends the pool and anything it started, gracefully if possible. */
    @Override
    public void close() throws IOException {
        ChildProcesses.end(process, this::closeStdin, Duration.ofSeconds(15));
    }
}
