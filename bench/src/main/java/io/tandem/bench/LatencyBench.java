package io.tandem.bench;

import io.tandem.schema.db.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code latency}: one warm session, one message at a time (POST → reply event on the long poll),
 * with the watch on and poll-only. Reports p50/p99, CPU per message of the host's whole process
 * tree with its idle rate subtracted, RSS, and commits per message. With {@code --client-process}
 * the host runs as a child process and this JVM is only the client, so the client's CPU is not
 * counted (and host commits, counted in-process, are n/a).
 */
final class LatencyBench {
    private static final Pattern RUNNER_COMMITS = Pattern.compile("runner\\.exit.*commits=\"?(\\d+)");
    /** Round trips before the measured ones: the JIT compilers' work is warm-up, not a message's cost. */
    private static final int DEFAULT_WARM_UP = 300;
    private static final Duration CACHE_LIMIT = Duration.ofSeconds(120);

    private record Result(String mode, double coldMs, double[] samples, double cpuMsPerMsg, double idleMsPerS,
                          TreeSampler.Sample end, double hostCommits, double runnerCommits, double load) {
    }

    private LatencyBench() {
    }

    static void run(Args args) throws Exception {
        int watched = args.positional(0, 1000);
        int polled = args.positional(1, 100);
        boolean child = args.flag("client-process");
        double rest = args.decimal("rest-seconds", 3);
        int warmUp = (int) args.decimal("warm-up", DEFAULT_WARM_UP);
        Result w = measure("watch", true, watched, child, rest, warmUp);
        Result p = measure("poll-only", false, polled, child, rest, Math.min(warmUp, 20));
        System.out.println();
        System.out.printf("latency: host %s; CPU = host tree (host JVM + runners + agents)%s, idle subtracted%n",
                child ? "in a child process, client in this JVM" : "in this JVM",
                child ? "" : " INCLUDING this JVM's HTTP client");
        System.out.printf("%-10s %5s %8s %7s %7s %7s %9s %8s %7s %9s %8s %7s %8s %5s%n", "mode", "msgs", "cold ms",
                "p50 ms", "p99 ms", "max ms", "cpu ms/m", "idle/s", "host MB", "runner MB", "agent MB", "host c/m",
                "runner c/m", "load");
        for (Result r : List.of(w, p)) {
            System.out.printf("%-10s %5d %8.1f %7.2f %7.2f %7.2f %9.2f %8.1f %7s %9s %8s %7s %8s %5.2f%n", r.mode,
                    r.samples.length, r.coldMs, Stats.pct(r.samples, 50), Stats.pct(r.samples, 99),
                    r.samples[r.samples.length - 1], r.cpuMsPerMsg, r.idleMsPerS, Stats.mb(r.end.hostRssKb()),
                    Stats.mb(r.end.runnersRssKb()), Stats.mb(r.end.agentsRssKb()),
                    Double.isNaN(r.hostCommits) ? "n/a" : String.format("%.2f", r.hostCommits),
                    r.runnerCommits < 0 ? "n/a" : String.format("%.2f", r.runnerCommits), r.load);
        }
        Stats.machine();
    }

    private static Result measure(String mode, boolean watch, int n, boolean child, double rest, int warmUp)
            throws Exception {
        Path data = Files.createTempDirectory("tandem-bench-" + mode);
        Map<String, String> config = Map.of("runner.watch", Boolean.toString(watch), "delivery.watch",
                Boolean.toString(watch));
        System.err.printf("bench %s: %d messages, data %s%n", mode, n, data);
        BenchHost host = child ? BenchHost.child(data, config) : BenchHost.inProcess(data, config);
        System.err.printf("bench %s: runner start cache ready after %.1f s%n", mode, host.awaitStartCache(CACHE_LIMIT));
        ChatClient client = new ChatClient(host.baseUrl());
        String chat = "demo";
        Duration limit = Duration.ofSeconds(60);
        long t0 = System.nanoTime();
        long cursor = client.roundTrip(chat, "cold", 0, limit);
        double cold = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < warmUp; i++) {
            cursor = client.roundTrip(chat, "warm-up " + i, cursor, limit);
        }
        TreeSampler tree = new TreeSampler(host.pid());
        double idle = tree.idleRate(rest);
        long commitsBefore = Sql.commits();
        TreeSampler.Sample s0 = tree.sample();
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            cursor = client.roundTrip(chat, "m" + i, cursor, limit);
            samples[i] = (System.nanoTime() - s) / 1e6;
        }
        TreeSampler.Sample s1 = tree.sample();
        double load = ProcStat.load1();
        double hostCommits = host.inProcess() ? (Sql.commits() - commitsBefore) / (double) n : Double.NaN;
        host.close();
        Arrays.sort(samples);
        return new Result(mode, cold, samples, tree.activeCpuMs(s0, s1, idle) / n, idle, s1, hostCommits,
                runnerCommitsPerMessage(data, n + warmUp + 1), load);
    }

    private static double runnerCommitsPerMessage(Path data, int messages) throws IOException {
        Path logs = data.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return -1;
        }
        long total = 0;
        boolean found = false;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    Matcher m = RUNNER_COMMITS.matcher(line);
                    if (m.find()) {
                        total += Long.parseLong(m.group(1));
                        found = true;
                    }
                }
            }
        }
        return found ? total / (double) messages : -1;
    }
}
