package io.tandem.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the tests' child JVMs (a runner of its own, a shared pool) have in common: log reading and ending. */
final class ChildProcesses {
    /** Closes a child's stdin; an IOException means it was already closed. */
    interface StdinCloser {
        void close() throws IOException;
    }

    private ChildProcesses() {
    }

    /** The log file's text, "" when it does not exist yet. */
    static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Ends {@code process} the way the host does by going away (stdin EOF), waits up to
     * {@code grace}, then kills it; whatever it started is killed in any case.
     */
    static void end(Process process, StdinCloser stdin, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
    }
}
