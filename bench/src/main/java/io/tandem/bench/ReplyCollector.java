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
 * Matches echo replies to the messages that caused them across many chats: one long poll per chat
 * at a time, each chained to the next on the client's event loop (no thread per chat), reads the
 * event log and, for each {@code echo: <text>}, completes the pending send of that text with its
 * latency (send → reply seen). Each message text is unique per run.
 */
final class ReplyCollector implements AutoCloseable {
    /** The messages of one measured step: their latencies and counts. */
    static final class Step {
        final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong lastReply = new AtomicLong();
        /** Per answered text: {sent, reply seen} in epoch ms, to split the round trip ({@link StageTimes}). */
        final Map<String, long[]> wallMs = new ConcurrentHashMap<>();

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

    private record Pending(long sentNanos, long sentEpochMs, Step step, CompletableFuture<Double> done) {
    }

    private final AsyncChatClient client;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    ReplyCollector(AsyncChatClient client, List<String> chats) {
        this.client = client;
        chats.forEach(c -> poll(c, 0));
    }

    /** Registers {@code text} as sent now in {@code step}; completes with its latency in ms. */
    CompletableFuture<Double> expect(String text, Step step) {
        Pending p = new Pending(System.nanoTime(), System.currentTimeMillis(), step, new CompletableFuture<>());
        step.sent.incrementAndGet();
        pending.put(text, p);
        return p.done;
    }

    /**
     * Registers {@code text} as sent now in {@code step} and POSTs it to {@code chat}; a POST that
     * fails or is not answered 202 counts as refused. Completes with the latency in ms.
     */
    CompletableFuture<Double> send(String chat, String text, Step step) {
        CompletableFuture<Double> done = expect(text, step);
        client.postAsync(chat, text).whenComplete((status, err) -> {
            if (err != null || status != 202) {
                refused(text);
            }
        });
        return done;
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

    /** One long poll of {@code chat}; its answer starts the next (after 200 ms when it failed). */
    private void poll(String chat, long cursor) {
        if (!running) {
            return;
        }
        client.pollAsync(chat, cursor, 5).whenComplete((page, err) -> {
            if (err != null) {
                if (running) {
                    System.err.println("bench: poll of " + chat + " failed: " + err);
                    client.later(200, () -> poll(chat, cursor));
                }
                return;
            }
            long now = System.nanoTime();
            for (ChatClient.Event e : page.events()) {
                if (e.text().startsWith("echo: ")) {
                    answered(e.text().substring("echo: ".length()), now);
                }
            }
            poll(chat, page.next());
        });
    }

    private void answered(String text, long now) {
        Pending p = pending.remove(text);
        if (p != null) {
            double ms = (now - p.sentNanos) / 1e6;
            p.step.wallMs.put(text, new long[] {p.sentEpochMs, System.currentTimeMillis()});
            p.step.latencies.add(ms);
            p.step.lastReply.accumulateAndGet(now, Math::max);
            p.done.complete(ms);
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
