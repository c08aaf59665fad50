package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentLine;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main loop's single inbox, fed by the watch thread, the agent's stdout reader, the stdin
 * watcher and the shutdown hook. Wakes are coalesced (a burst of file events costs one scan) and
 * the first stop request is remembered so the loop sees it even behind queued agent output.
 */
public final class LoopEvents {
    private static final LoopEvent.Wake WAKE = new LoopEvent.Wake();

    private final LinkedBlockingQueue<LoopEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicReference<LoopEvent.Stop> stop = new AtomicReference<>();

    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            queue.add(WAKE);
        }
    }

    public void agentOutput(List<AgentLine> lines) {
        queue.add(new LoopEvent.FromAgent(List.copyOf(lines)));
    }

    public void stop(int exitCode, String reason) {
        LoopEvent.Stop s = new LoopEvent.Stop(exitCode, reason);
        if (stop.compareAndSet(null, s)) {
            queue.add(s);
        }
    }

    /** The first stop request, or null. */
    public LoopEvent.Stop stopRequested() {
        return stop.get();
    }

    /** Waits up to {@code nanos} for the next event; null on timeout. */
    public LoopEvent poll(long nanos) throws InterruptedException {
        return taken(queue.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS));
    }

    /** The next event if one is already queued, else null; never waits. */
    public LoopEvent pollNow() {
        return taken(queue.poll());
    }

    private LoopEvent taken(LoopEvent e) {
        if (e instanceof LoopEvent.Wake) {
            wakeQueued.set(false);
        }
        return e;
    }
}
