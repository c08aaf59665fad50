package io.tandem.runner.agent;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BuiltInAgent} on its own daemon thread, connected by two {@link InMemoryPipe}s that
 * play its stdin and stdout. Its life mirrors a process's: it ends by returning at stdin EOF (exit
 * code 0) or by throwing (code 1, logged as {@code agent.failed} with the stack trace); either way
 * its stdout is closed, so the runner's reader sees EOF exactly as when a process exits, and an
 * agent bug can never reach the runner's threads. {@link #terminate} is EOF, then after the grace
 * the same as {@link #kill}, which closes both pipes under it and interrupts it (SIGKILL): an agent
 * blocked in a pipe read or write, or in any interruptible call, ends at once. A thread cannot be
 * killed, so one spinning without touching its pipes is reported ({@code agent.stop.stuck}) and
 * left as a daemon that cannot hold the runner's exit.
 */
public final class InProcessAgent implements AgentEndpoint {
    private static final Logger log = LoggerFactory.getLogger(InProcessAgent.class);

    private final String kind;
    private final InMemoryPipe stdin = new InMemoryPipe();
    private final InMemoryPipe stdout = new InMemoryPipe();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread thread;
    private volatile int exitCode = -1;
    private volatile boolean stopping;

    private InProcessAgent(String kind, BuiltInAgent agent, AgentSetup setup) {
        this.kind = kind;
        this.thread = new Thread(() -> run(agent, setup), "agent-" + kind);
        this.thread.setDaemon(true);
    }

    /** Starts {@code agent} on its own thread; returns at once. */
    public static InProcessAgent start(String kind, BuiltInAgent agent, AgentSetup setup) {
        InProcessAgent a = new InProcessAgent(kind, agent, setup);
        a.thread.start();
        return a;
    }

    private void run(BuiltInAgent agent, AgentSetup setup) {
        int code = 0;
        try {
            agent.serve(stdin.in(), stdout.out(), setup);
        } catch (Throwable t) {
            code = 1;
            if (stopping) {
                // it was being stopped: a failed read or write on a closed pipe is the expected end
                log.atDebug().addKeyValue("session", setup.sessionId()).addKeyValue("kind", kind)
                        .addKeyValue("error", t.toString()).log("agent.stopped");
            } else {
                log.atError().addKeyValue("session", setup.sessionId()).addKeyValue("kind", kind)
                        .addKeyValue("error", t.toString()).setCause(t).log("agent.failed");
            }
        } finally {
            exitCode = code;
            stdout.closeWrite();
            stdin.closeRead();
            log.atInfo().addKeyValue("session", setup.sessionId()).addKeyValue("kind", kind)
                    .addKeyValue("code", code).log("agent.ended");
            ended.countDown();
        }
    }

    @Override
    public OutputStream input() {
        return stdin.out();
    }

    @Override
    public boolean offerInput(byte[] bytes) {
        return stdin.offer(bytes);
    }

    @Override
    public InputStream output() {
        return stdout.in();
    }

    @Override
    public String label() {
        return "in-process " + kind;
    }

    @Override
    public boolean waitFor(long millis) {
        try {
            return ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ended.getCount() == 0;
        }
    }

    @Override
    public boolean terminate(long graceMillis) {
        stopping = true;
        stdin.closeWrite();
        if (waitFor(graceMillis)) {
            return true;
        }
        kill();
        if (!waitFor(200)) {
            log.atWarn().addKeyValue("kind", kind).log("agent.stop.stuck");
        }
        return false;
    }

    @Override
    public void kill() {
        stopping = true;
        stdin.closeRead();
        stdout.closeWrite();
        thread.interrupt();
    }

    @Override
    public int exitCodeOrMinusOne() {
        return ended.getCount() == 0 ? exitCode : -1;
    }
}
