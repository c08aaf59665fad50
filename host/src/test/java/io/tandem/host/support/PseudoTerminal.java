package io.tandem.host.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A command run under a real pseudo-terminal, as a user runs it in a terminal window: util-linux
 * {@code script} allocates the pty (sized 160x50, {@code TERM=xterm}), this side types into it and
 * reads everything the program draws (escape sequences included).
 */
public final class PseudoTerminal implements AutoCloseable {
    private final Process process;
    private final StringBuilder screen = new StringBuilder();
    private final OutputStream keys;

    private PseudoTerminal(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (screen) {
                        screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException ignored) {
                // the terminal closed
            }
        }, "pty-reader");
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code command} (argv) in a fresh pty. */
    public static PseudoTerminal start(List<String> command) throws IOException {
        String line = "stty cols 160 rows 50; exec " + command.stream().map(PseudoTerminal::quote)
                .collect(Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", line, "/dev/null");
        pb.environment().put("TERM", "xterm");
        pb.environment().put("SHELL", "/bin/sh");
        pb.environment().remove("TANDEM_DATA_DIR");
        pb.redirectErrorStream(true);
        return new PseudoTerminal(pb.start());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Everything drawn so far. */
    public String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    /** How often {@code text} has been drawn so far. */
    public int count(String text) {
        String s = screen();
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    /** Waits until {@code text} has been drawn {@code times} times. */
    public void await(String text, int times, Duration within) {
        Awaitility.await("'" + text + "' drawn " + times + " times").atMost(within)
                .pollInterval(Duration.ofMillis(50))
                .failFast(() -> {
                    if (!process.isAlive() && count(text) < times) {
                        throw new AssertionError("the program ended (exit " + process.exitValue() + "); screen:\n"
                                + screen());
                    }
                })
                .until(() -> count(text) >= times);
    }

    public void await(String text, Duration within) {
        await(text, 1, within);
    }

    /** Types keys (use {@code \r} for Enter, {@code \u0004} for Ctrl-D). */
    public void type(String keys) throws IOException {
        this.keys.write(keys.getBytes(StandardCharsets.UTF_8));
        this.keys.flush();
    }

    /** The program's exit code, once it ended within {@code within}. */
    public int exitCode(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + within + "; screen:\n" + screen());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
