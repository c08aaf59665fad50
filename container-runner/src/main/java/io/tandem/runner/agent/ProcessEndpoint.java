package io.tandem.runner.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An agent that is a child process ({@code exec}): its stdin and stdout are the pipes, stderr goes
 * to the runner's log (inherited, or the session's log file in a shared runner JVM). Ending it signals the whole process tree, so an agent's own
 * children never outlive the session.
 */
public final class ProcessEndpoint implements AgentEndpoint {
    private final Process process;
    private final String program;

    private ProcessEndpoint(Process process, String program) {
        this.process = process;
        this.program = program;
    }

    public static ProcessEndpoint start(AgentLaunch launch) throws IOException {
        return new ProcessEndpoint(launch.processBuilder().start(), launch.command().get(0));
    }

    @Override
    public OutputStream input() {
        return process.getOutputStream();
    }

    @Override
    public InputStream output() {
        return process.getInputStream();
    }

    @Override
    public String label() {
        return "pid " + process.pid() + " " + program;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public boolean waitFor(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGTERM to the agent and its descendants, then SIGKILL to whatever is left after the grace. */
    @Override
    public boolean terminate(long graceMillis) {
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroy);
        boolean ended = awaitAll(tree, graceMillis);
        killAll(tree);
        return ended;
    }

    /** SIGKILL to the agent and its descendants at once. */
    @Override
    public void kill() {
        killAll(tree());
    }

    @Override
    public int exitCodeOrMinusOne() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        return tree;
    }

    private static boolean awaitAll(List<ProcessHandle> tree, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void killAll(List<ProcessHandle> known) {
        List<ProcessHandle> all = new ArrayList<>(known);
        if (process.isAlive()) {
            process.descendants().forEach(all::add);
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }
}
