package io.tandem.runner.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's side of the conversation with one agent, whatever its {@link AgentEndpoint} (a
 * child process or an in-process built-in): one code path for both, so the protocol, its limits
 * and the shutdown behave the same. A dedicated daemon thread reads the agent's output through a
 * {@link BoundedLineReader} and hands every line the agent wrote in one go to the sink as one
 * group (so the main loop can commit them together), a group being at most
 * {@value #MAX_GROUP_LINES} lines and about {@value #MAX_GROUP_CHARS} chars (one long line may
 * exceed that alone); the sink may block to push back on a fast agent. The end of the output is
 * reported as {@link AgentLine.Closed}. Writes to its input are queued and done by a second
 * thread, so an agent that stops reading can never block the main loop (whose batch timeout must
 * stay able to fire); a failed write is reported as {@link AgentLine.Closed} too. When nothing is
 * queued or being written and the endpoint can take the bytes without blocking (an in-process
 * agent's pipe with room, {@link AgentEndpoint#offerInput}), the caller writes them itself: same
 * order, one thread hand-off fewer per message.
 *
 * <p>{@link #stop} may be called from any thread and more than once: it closes the agent's input,
 * asks the agent to end (SIGTERM) and forces whatever is left after 2 s (SIGKILL).
 */
public final class AgentConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);
    private static final int MAX_GROUP_LINES = 256;
    private static final long MAX_GROUP_CHARS = 1L << 20;
    private static final long STOP_GRACE_MILLIS = 2000;

    private static final byte[] CLOSE = new byte[0];

    private final AgentEndpoint endpoint;
    private final OutputStream stdin;
    /** Writes not yet made, in order; guarded by itself, as is {@link #writing}. */
    private final java.util.ArrayDeque<byte[]> writes = new java.util.ArrayDeque<>();
    /** The writer thread has taken a write and not finished it. */
    private boolean writing;
    private volatile boolean stopping;

    private AgentConnection(AgentEndpoint endpoint) {
        this.endpoint = endpoint;
        this.stdin = endpoint.input();
    }

    /** Starts the output reader and the input writer of a started agent; lines go to {@code sink}. */
    public static AgentConnection start(AgentEndpoint endpoint, Consumer<List<AgentLine>> sink) {
        AgentConnection agent = new AgentConnection(endpoint);
        Thread reader = new Thread(() -> agent.pump(sink), "agent-stdout");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(() -> agent.feed(sink), "agent-stdin");
        writer.setDaemon(true);
        writer.start();
        return agent;
    }
    private void feed(Consumer<List<AgentLine>> sink) {
        try {
            while (true) {
                byte[] next;
                synchronized (writes) {
                    writing = false;
                    while (writes.isEmpty()) {
                        writes.wait();
                    }
                    next = writes.poll();
                    writing = true;
                }
                if (next == CLOSE) {
                    break;
                }
                stdin.write(next);
                stdin.flush();
            }
        } catch (IOException e) {
            if (!stopping) {
                log.atWarn().addKeyValue("error", e.toString()).log("agent.stdin.failed");
                sink.accept(List.of(new AgentLine.Closed()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the agent is already gone
        }
    }

    private void pump(Consumer<List<AgentLine>> sink) {
        BoundedLineReader reader = new BoundedLineReader(endpoint.output(), BoundedLineReader.MAX_LINE_BYTES);
        try {
            while (true) {
                AgentLine first = reader.next();
                if (first == null) {
                    break;
                }
                List<AgentLine> group = new ArrayList<>();
                group.add(first);
                long chars = first.size();
                while (group.size() < MAX_GROUP_LINES && chars < MAX_GROUP_CHARS && reader.hasMoreNow()) {
                    AgentLine more = reader.next();
                    if (more == null) {
                        group.add(new AgentLine.Closed());
                        sink.accept(group);
                        return;
                    }
                    group.add(more);
                    chars += more.size();
                }
                sink.accept(group);
            }
        } catch (IOException e) {
            if (!stopping) {
                log.atWarn().addKeyValue("error", e.toString()).log("agent.stdout.failed");
            }
        }
        sink.accept(List.of(new AgentLine.Closed()));
    }

    /** For logs: {@code pid 123 /usr/bin/python3} or {@code in-process echo}. */
    public String label() {
        return endpoint.label();
    }

    /** True once {@link #stop} or {@link #kill} was called: an exit after that is expected. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Queues the lines for one write and one flush, in order. Never blocks; if the agent has gone
     * away the sink gets {@link AgentLine.Closed}.
     */
    public void send(List<String> jsonLines) {
        if (jsonLines.isEmpty() || stopping) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (String line : jsonLines) {
            b.append(line).append('\n');
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (writes) {
            // nothing queued or being written: an in-memory pipe with room takes it here, in order,
            // without waking the writer thread (one thread hand-off fewer per line to the agent)
            if (!writing && writes.isEmpty() && endpoint.offerInput(bytes)) {
                return;
            }
            writes.add(bytes);
            writes.notifyAll();
        }
    }

    /** Closes the agent's stdin after what is queued: the protocol's "no more work, exit now". */
    public void closeInput() {
        if (!stopping) {
            stopping = true;
            synchronized (writes) {
                writes.add(CLOSE);
                writes.notifyAll();
            }
        }
    }

    /** Waits up to {@code millis} for the agent to exit; true when it did. */
    public boolean waitFor(long millis) {
        return endpoint.waitFor(millis);
    }

    /** Asks the agent to end, then forces it after 2 s. Idempotent, any thread. */
    public synchronized void stop() {
        closeInput();
        if (!endpoint.terminate(STOP_GRACE_MILLIS)) {
            log.atWarn().addKeyValue("agent", endpoint.label()).log("agent.stop.forced");
        }
    }

    /** Ends the agent at once (a hung agent gets no grace). */
    public synchronized void kill() {
        closeInput();
        endpoint.kill();
        waitFor(STOP_GRACE_MILLIS);
    }

    /** The exit code, or -1 while the agent still runs. */
    public int exitCodeOrMinusOne() {
        return endpoint.exitCodeOrMinusOne();
    }

    @Override
    public void close() {
        stop();
    }
}
