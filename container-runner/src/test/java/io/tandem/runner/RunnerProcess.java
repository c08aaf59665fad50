package io.tandem.runner;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real runner: a child JVM started exactly as the host's {@code process} runtime would, on this
 * test JVM's classpath, with a stdin pipe held open by the test (closing it is the host dying).
 * Output goes to a log file that tests can read.
 */
final class RunnerProcess implements SessionRunner {
    private final Process process;
    private final Path log;

    private RunnerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RunnerProcess start(Path workspace, Path group, Path log) throws IOException {
        return start(RunnerMain.class, workspace, group, log);
    }

    static RunnerProcess start(Class<?> main, Path workspace, Path group, Path log) throws IOException {
        return start(main, workspace, group, log, null);
    }

    /** As {@link #start(Class, Path, Path, Path)} with exactly {@code env} as the environment (null: inherited). */
    static RunnerProcess start(Class<?> main, Path workspace, Path group, Path log, java.util.Map<String, String> env)
            throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), main.getName(),
                "--workspace", workspace.toString(), "--group", group.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        return new RunnerProcess(p, log);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM only, as the host's shutdown sends it ({@code Process.destroy()} would also close
     * the child's stdin, which is a different stop).
     */
    @Override
    public void terminate() {
        process.toHandle().destroy();
    }

    /** What the host does by dying: the runner's stdin reaches EOF. */
    @Override
    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for the exit (failing after {@code atMost}) and returns the exit code. */
    @Override
    public int awaitExit(Duration atMost) {
        await("runner exit").atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    @Override
    public String log() {
        return ChildProcesses.readLog(log);
    }

    /** Ends the runner and anything it started, gracefully if possible. */
    @Override
    public void close() throws IOException {
        ChildProcesses.end(process, this::closeStdin, Duration.ofSeconds(10));
    }
}
