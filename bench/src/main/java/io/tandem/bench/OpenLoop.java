package io.tandem.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: messages are sent on a fixed schedule (round-robin over the chats) whatever the
 * replies do, so several are in flight per chat and batching counts; latency is taken from the
 * scheduled send, so a slow host cannot hide queueing. Rates double from the start rate until p99
 * passes 1 s, a message is lost or refused, or the step limit is reached.
 */
final class OpenLoop {
    private static final double DRAIN_SECONDS = 15;
    private final ReplyCollector replies;
    private final List<String> chats;
    private final TreeSampler tree;
    private final double idle;
    /** The host's data folder, whose session files tell where each step's round trips waited. */
    private final Path data;

    OpenLoop(ReplyCollector replies, List<String> chats, TreeSampler tree, double idle, Path data) {
        this.replies = replies;
        this.chats = chats;
        this.tree = tree;
        this.idle = idle;
        this.data = data;
    }

    void run(double startRate, double seconds, int maxSteps) throws InterruptedException {
        double rate = startRate;
        for (int k = 0; k < maxSteps; k++, rate *= 2) {
            ThroughputBench.Row row = step(k, rate, seconds);
            row.print(data);
            double p99 = Stats.pct(row.step().sortedWithLost(), 99);
            if (p99 > 1000 || row.step().failed.get() > 0) {
                System.out.printf("stopped: p99 %s at an offered %.0f/s%n",
                        Double.isInfinite(p99) ? "lost messages" : String.format("%.0f ms", p99), rate);
                return;
            }
        }
        System.out.println("stopped: step limit reached with p99 under 1 s");
    }

    private ThroughputBench.Row step(int k, double rate, double seconds) throws InterruptedException {
        ReplyCollector.Step step = new ReplyCollector.Step();
        int total = (int) Math.max(1, Math.round(rate * seconds));
        long interval = (long) (1e9 / rate);
        TreeSampler.Sample s0 = tree.sample();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String text = "o" + k + "-" + i;
            String chat = chats.get(i % chats.size());
            replies.send(chat, text, step);
        }
        replies.drain(step, DRAIN_SECONDS);
        TreeSampler.Sample s1 = tree.sample();
        long last = Math.max(step.lastReply.get(), start + 1);
        double wall = (last - start) / 1e9;
        return ThroughputBench.Row.of(String.format("open %.0f/s", rate), step, wall, tree, idle, s0, s1);
    }
}
