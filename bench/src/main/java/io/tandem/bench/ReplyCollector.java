package io.tandem.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches echo replies to the messages that caused them across many chats: one long-poll thread
 * per chat reads the event log and, for each {@code echo: <text>}, completes the pending send of
 * that text with its latency (send → reply seen). Each message text is unique per run.
 */
final class ReplyCollector implements AutoCloseable {
    /** The messages of one measured step: their latencies and counts. */
    static final class Step {
        final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong lastReply = new AtomicLong();

        int answered() {
            return latencies.size();
        }

        /** Latencies sorted, each message still unanswered counted as infinite. */
        double[] sortedWithLost() {
            int lost = Math.max(0, sent.get() - failed.get() - answered());
            double[] a = new double[answered() + lost];
            int i = 0;
            for (double d : latencies) {
                a[i++] = d;
            }
            for (; i < a.length; i++) {
                a[i] = Double.POSITIVE_INFINITY;
            }
            java.util.Arrays.sort(a);
            return a;
        }
    }

    private record Pending(long sentNanos, Step step, CompletableFuture<Double> done) {
    }

    private final ChatClient client;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<Thread> pollers;
    private volatile boolean running = true;

    ReplyCollector(ChatClient client, List<String> chats) {
        this.client = client;
        this.pollers = chats.stream().map(c -> {
            Thread t = new Thread(() -> pollLoop(c), "bench-poll-" + c);
            t.setDaemon(true);
            t.start();
            return t;
        }).toList();
    }

    /** Registers {@code text} as sent now in {@code step}; completes with its latency in ms. */
    CompletableFuture<Double> expect(String text, Step step) {
        Pending p = new Pending(System.nanoTime(), step, new CompletableFuture<>());
        step.sent.incrementAndGet();
        pending.put(text, p);
        return p.done;
    }

    /** The POST of {@code text} was refused: it will never be answered. */
    void refused(String text) {
        Pending p = pending.remove(text);
        if (p != null) {
            p.step.failed.incrementAndGet();
            p.done.completeExceptionally(new IllegalStateException("refused"));
        }
    }

    /** Waits (bounded) until every message of {@code step} was answered or refused. */
    boolean drain(Step step, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (step.answered() + step.failed.get() >= step.sent.get()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return false;
    }

    private void pollLoop(String chat) {
        long cursor = 0;
        while (running) {
            try {
                ChatClient.Page page = client.poll(chat, cursor, 5);
                long now = System.nanoTime();
                cursor = page.next();
                for (ChatClient.Event e : page.events()) {
                    if (!e.text().startsWith("echo: ")) {
                        continue;
                    }
                    Pending p = pending.remove(e.text().substring("echo: ".length()));
                    if (p != null) {
                        double ms = (now - p.sentNanos) / 1e6;
                        p.step.latencies.add(ms);
                        p.step.lastReply.accumulateAndGet(now, Math::max);
                        p.done.complete(ms);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    System.err.println("bench: poll of " + chat + " failed: " + e);
                    try {
                        TimeUnit.MILLISECONDS.sleep(200);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
    }
}
