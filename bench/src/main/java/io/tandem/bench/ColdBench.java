package io.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cold [--chats K]}: the first reply of K new sessions, one after another, so each is a
 * genuine cold start (session created, runner spawned, agent started, reply delivered) without
 * contending with the others' starts. Host in a child process.
 */
final class ColdBench {
    private ColdBench() {
    }

    static void run(Args args) throws Exception {
        int k = args.integer("chats", 10);
        Path data = Files.createTempDirectory("tandem-bench-cold");
        List<String> chats = BenchData.create(data, "cold", k);
        System.err.printf("bench cold: %d new sessions, data %s%n", k, data);
        List<Double> firsts = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        TreeSampler.Sample end;
        try (BenchHost host = BenchHost.child(data, Map.of("containers.max_running", Integer.toString(Math.max(32, k))))) {
            System.err.printf("bench cold: runner start cache ready after %.1f s%n", host.awaitStartCache(Duration.ofSeconds(120)));
            ChatClient client = new ChatClient(host.baseUrl());
            TreeSampler tree = new TreeSampler(host.pid());
            for (String chat : chats) {
                long t0 = System.nanoTime();
                long cursor = client.roundTrip(chat, "first " + chat, 0, Duration.ofSeconds(120));
                firsts.add((System.nanoTime() - t0) / 1e6);
                long t1 = System.nanoTime();
                client.roundTrip(chat, "second " + chat, cursor, Duration.ofSeconds(60));
                seconds.add((System.nanoTime() - t1) / 1e6);
            }
            end = tree.sample();
        }
        double[] f = Stats.sorted(firsts);
        double[] s = Stats.sorted(seconds);
        System.out.printf("%ncold: first reply of a new session (runner start included), then its second (warm)%n");
        System.out.printf("%-14s %5s %8s %8s %8s %8s %8s %10s %5s%n", "reply", "n", "min ms", "p50 ms", "p99 ms",
                "max ms", "host MB", "runners MB", "load");
        System.out.printf("%-14s %5d %8.0f %8.0f %8.0f %8.0f %8s %10s %5.2f%n", "first (cold)", f.length, f[0],
                Stats.pct(f, 50), Stats.pct(f, 99), f[f.length - 1], Stats.mb(end.hostRssKb()),
                Stats.mb(end.runnersRssKb() + end.agentsRssKb()) + "/" + end.runners(), ProcStat.load1());
        System.out.printf("%-14s %5d %8.0f %8.0f %8.0f %8.0f%n", "second (warm)", s.length, s[0], Stats.pct(s, 50),
                Stats.pct(s, 99), s[s.length - 1]);
        Stats.machine();
    }
}
