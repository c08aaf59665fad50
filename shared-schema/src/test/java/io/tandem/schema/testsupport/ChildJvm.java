package io.tandem.schema.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM running one of the test main classes of this package on the test class path.
 * The child talks through lines: it prints a line when it reached a state ("locked",
 * "mid-commit", ...) and reads lines on stdin when told to move on. stderr is merged into stdout
 * so a failing child's stack trace ends up in the assertion message.
 */
public final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer transcript = new StringBuffer();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pump, "child-stdout-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code main} in a fresh JVM with the test class path. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new ChildJvm(main.getSimpleName(), p);
    }

    private void pump() {
        try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                transcript.append(line).append('\n');
                lines.add(line);
            }
        } catch (IOException e) {
            transcript.append("[stdout read failed: ").append(e).append("]\n");
        } finally {
            lines.add(EOF);
        }
    }

    /**
     * Waits for a line equal to {@code expected} (other lines are skipped but kept in the
     * transcript). Fails at once when the child reports an error or exits first.
     */
    public void awaitLine(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(name + " did not print '" + expected + "' within " + timeout
                        + "; transcript:\n" + transcript);
            }
            if (line.equals(expected)) {
                return;
            }
            if (line.equals(EOF) || line.startsWith("error")) {
                throw new AssertionError(name + " failed before printing '" + expected + "'; transcript:\n"
                        + transcript);
            }
        }
    }

    public void send(String line) {
        stdin.println(line);
        if (stdin.checkError()) {
            throw new AssertionError(name + " no longer reads stdin; transcript:\n" + transcript);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to exit on its own and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + "; transcript:\n" + transcript);
        }
        return process.exitValue();
    }

    /** SIGKILL on Linux ({@link Process#destroyForcibly()}), then waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing " + name, e);
        }
    }

    public String transcript() {
        return transcript.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
