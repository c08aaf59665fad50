package io.tandem.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load: one client per chat, POST → its reply → next, for a fixed time; achieved
 * round trips/s is what the host sustains with exactly one message in flight per chat. Each
 * chat's loop is a chain of callbacks on the client's event loop, not a thread.
 */
final class ClosedLoop {
    private static final long REPLY_WAIT_SECONDS = 60;

    private ClosedLoop() {
    }

    static ThroughputBench.Row run(ReplyCollector replies, List<String> chats, double seconds,
                                   TreeSampler tree, double idle) throws InterruptedException {
        ReplyCollector.Step step = new ReplyCollector.Step();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(chats.size());
        TreeSampler.Sample s0 = tree.sample();
        long start = System.nanoTime();
        for (String chat : chats) {
            next(replies, chat, 0, step, end, finished);
        }
        finished.await(TimeUnit.SECONDS.toMillis(90) + (long) (seconds * 1000), TimeUnit.MILLISECONDS);
        TreeSampler.Sample s1 = tree.sample();
        double wall = (System.nanoTime() - start) / 1e9;
        return ThroughputBench.Row.of("closed " + chats.size(), step, wall, tree, idle, s0, s1);
    }

    /** Sends message {@code i} of {@code chat}; its reply sends the next, until {@code end}. */
    private static void next(ReplyCollector replies, String chat, int i,
                             ReplyCollector.Step step, long end, CountDownLatch finished) {
        if (System.nanoTime() - end >= 0) {
            finished.countDown();
            return;
        }
        String text = "c-" + chat + "-" + i;
        replies.send(chat, text, step).orTimeout(REPLY_WAIT_SECONDS, TimeUnit.SECONDS).whenComplete((ms, err) -> {
            if (err != null) {
                System.err.println("bench: closed-loop client of " + chat + " stopped: " + err);
                finished.countDown();
            } else {
                next(replies, chat, i + 1, step, end, finished);
            }
        });
    }
}
