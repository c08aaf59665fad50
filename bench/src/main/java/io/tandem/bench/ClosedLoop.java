package io.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load: one client per chat, POST → its reply → next, for a fixed time; achieved
 * round trips/s is what the host sustains with exactly one message in flight per chat.
 */
final class ClosedLoop {
    private ClosedLoop() {
    }

    static ThroughputBench.Row run(ChatClient client, ReplyCollector replies, List<String> chats, double seconds,
                                   TreeSampler tree, double idle) throws InterruptedException {
        ReplyCollector.Step step = new ReplyCollector.Step();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        TreeSampler.Sample s0 = tree.sample();
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (String chat : chats) {
            Thread t = new Thread(() -> loop(client, replies, chat, step, end), "bench-client-" + chat);
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(90) + (long) (seconds * 1000));
        }
        TreeSampler.Sample s1 = tree.sample();
        double wall = (System.nanoTime() - start) / 1e9;
        return new ThroughputBench.Row("closed " + chats.size(), step, wall, tree.activeCpuMs(s0, s1, idle), s1,
                ProcStat.load1());
    }

    private static void loop(ChatClient client, ReplyCollector replies, String chat, ReplyCollector.Step step, long end) {
        int i = 0;
        while (System.nanoTime() < end) {
            String text = "c-" + chat + "-" + i++;
            try {
                var done = replies.expect(text, step);
                client.post(chat, text);
                done.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                replies.refused(text);
                System.err.println("bench: closed-loop client of " + chat + " stopped: " + e);
                return;
            }
        }
    }
}
