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
 *
 * <p>Agent output is bounded: at most about {@link #DEFAULT_MAX_QUEUED_CHARS} chars of it wait
 * here unapplied. {@link #agentOutput} blocks the agent's reader thread while the queue is over
 * that budget, so a fast agent is slowed down by its own full stdout pipe instead of filling the
 * runner's heap. A group is always admitted when nothing else is queued, so a line near the
 * 1 MiB limit can never wait forever; end-of-output markers (size 0) never wait.
 */
public final class LoopEvents {
    /** 4 Mi chars of unapplied agent output, whatever the agent writes. */
    public static final long DEFAULT_MAX_QUEUED_CHARS = 4L << 20;

    private static final LoopEvent.Wake WAKE = new LoopEvent.Wake();

    private final LinkedBlockingQueue<LoopEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean watched;
    private final AtomicReference<LoopEvent.Stop> stop = new AtomicReference<>();
    private final Object budget = new Object();
    private final long maxQueuedChars;
    private long queuedChars;

    public LoopEvents() {
        this(DEFAULT_MAX_QUEUED_CHARS);
    }

    LoopEvents(long maxQueuedChars) {
        this.maxQueuedChars = maxQueuedChars;
    }

    /** A watch of inbound.db feeds {@link #wake()}: every host commit from now on arrives as a wake. */
    public void markWatched() {
        watched = true;
    }

    /** True once a watch feeds this queue ({@link #markWatched()}); a poll-only runner never is. */
    public boolean watched() {
        return watched;
    }

    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            queue.add(WAKE);
        }
    }

    /**
     * Queues lines the agent wrote; blocks while the unapplied output is over budget (only the
     * agent's reader thread calls this with a non-empty size). Gives up waiting once a stop was
     * requested: the loop no longer drains the queue then.
     */
    public void agentOutput(List<AgentLine> lines) {
        agentOutput(0, lines);
    }

    /** As {@link #agentOutput(List)} for the agent of {@code generation} (see {@link LoopEvent.FromAgent}). */
    public void agentOutput(int generation, List<AgentLine> lines) {
        LoopEvent.FromAgent event = new LoopEvent.FromAgent(List.copyOf(lines), generation);
        long size = event.size();
        synchronized (budget) {
            while (size > 0 && queuedChars > 0 && queuedChars + size > maxQueuedChars && stop.get() == null) {
                try {
                    budget.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            queuedChars += size;
        }
        queue.add(event);
    }

    /** Chars of agent output queued and not yet taken by the loop. */
    long queuedChars() {
        synchronized (budget) {
            return queuedChars;
        }
    }

    public void stop(int exitCode, String reason) {
        LoopEvent.Stop s = new LoopEvent.Stop(exitCode, reason);
        if (stop.compareAndSet(null, s)) {
            queue.add(s);
            synchronized (budget) {
                budget.notifyAll();
            }
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

    /** Agent lines to apply in one transaction, and whether a wake was passed on the way. */
    record Chunk(List<AgentLine> lines, boolean wakeSeen) {
    }

    /**
     * {@code first} plus the agent output already queued right behind it (wakes in between are
     * taken and reported), up to {@code maxLines} lines and {@code maxChars} chars, never
     * waiting: commit coalescing with a bound, so one transaction never holds more than one
     * chunk of a large output. A stop request stays queued (the loop sees it through
     * {@link #stopRequested}). For the loop thread, the only consumer.
     */
    Chunk chunk(LoopEvent.FromAgent first, int maxLines, long maxChars) {
        List<AgentLine> lines = new java.util.ArrayList<>(first.lines());
        long chars = first.size();
        boolean wake = false;
        while (lines.size() < maxLines && chars < maxChars) {
            LoopEvent next = queue.peek();
            if (next instanceof LoopEvent.Wake) {
                taken(queue.poll());
                wake = true;
            } else if (next instanceof LoopEvent.FromAgent f && f.generation() == first.generation()
                    && chars + f.size() <= maxChars) {
                taken(queue.poll());
                lines.addAll(f.lines());
                chars += f.size();
            } else {
                break;
            }
        }
        return new Chunk(lines, wake);
    }

    private LoopEvent taken(LoopEvent e) {
        if (e instanceof LoopEvent.Wake) {
            wakeQueued.set(false);
        } else if (e instanceof LoopEvent.FromAgent f) {
            long size = f.size();
            if (size > 0) {
                synchronized (budget) {
                    queuedChars -= size;
                    budget.notifyAll();
                }
            }
        }
        return e;
    }
}
