package io.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code idle --sessions N}: N idle sessions, each holding one answered message, and a host started
 * over them, as an operator's host with many registered sessions would be. By default the sessions
 * are seeded offline ({@link BenchData#seed}: seconds for 10,000); {@code --through-runners} creates
 * them the slow way, one message each through runners that then exit after a short
 * {@code runner.idle_exit}, and restarts the host. Reports host RSS, the host tree's idle CPU over
 * {@code --idle-seconds} (with {@code sweep.interval} at {@code --sweep-seconds}, 15 s, so the window
 * holds idle passes), the first sweep pass (every session visited: recovery at start) and the last
 * idle pass from the host's {@code sweep.pass} log line, start → first {@code /readyz} 200 (it waits
 * for the first full sweep) against the same with no sessions, and how long a new message to an
 * idle session takes to answer.
 */
final class IdleBench {
    private static final Pattern SWEEP_TIMING =
            Pattern.compile("sweep\\.\\S*.*?\\b(?:duration_ms|elapsed_ms|took_ms|pass_ms|ms)=\"?(\\d+(?:\\.\\d+)?)");

    /** When the measured host was started (System.nanoTime). */
    private static long startedAt;

    private IdleBench() {
    }

    static void run(Args args) throws Exception {
        int n = args.integer("sessions", 20);
        double idleSeconds = args.decimal("idle-seconds", 60);
        Path data = Files.createTempDirectory("tandem-bench-idle");
        int sweepSeconds = args.integer("sweep-seconds", 15);
        Map<String, String> config = Map.of("runner.idle_exit", args.integer("idle-exit-seconds", 3) + "s",
                "containers.max_running", Integer.toString(args.integer("max-running", 8)),
                "sweep.interval", sweepSeconds + "s");
        boolean throughRunners = args.flag("through-runners");
        System.err.printf("bench idle: %d sessions, data %s%n", n, data);
        long s0 = System.nanoTime();
        List<String> chats = throughRunners ? BenchData.create(data, "idle", n) : BenchData.seed(data, "idle", n);
        if (throughRunners) {
            answerOnce(data, config, chats);
        }
        double seeded = (System.nanoTime() - s0) / 1e9;
        double readyEmpty = timeToReady(Files.createTempDirectory("tandem-bench-idle-empty"), config);
        long t0 = System.nanoTime();
        startedAt = t0;
        try (BenchHost host = BenchHost.child(data, config)) {
            ChatClient client = new ChatClient(host.baseUrl());
            double ready = awaitReady(client, host, t0);
            TreeSampler tree = new TreeSampler(host.pid());
            // at rest: one idle pass done and the first pass's delivery passes drained (bounded)
            awaitPasses(data.resolve("host.log"), 2, Duration.ofSeconds(60L + 3L * sweepSeconds));
            double settled = awaitQuiet(tree, Duration.ofSeconds(180));
            double loadBefore = ProcStat.load1();
            double idleMsPerS = tree.idleRate(idleSeconds);
            TreeSampler.Sample rest = tree.sample();
            double load = ProcStat.load1();
            long w0 = System.nanoTime();
            client.roundTrip(chats.get(0), "wake up", 0, Duration.ofSeconds(120));
            double wake = (System.nanoTime() - w0) / 1e6;
            List<String> sweeps = sweepsFromLog(data.resolve("host.log"));
            System.out.printf("%nidle: %d sessions with one answered message each (%s in %.1f s), no runner; host started"
                    + " over them, sweep.interval %d s%n", n, throughRunners ? "through runners" : "seeded offline", seeded,
                    sweepSeconds);
            System.out.printf("%-44s %12s %s%n", "metric", "value", "load(1m)");
            System.out.printf("%-44s %12s %.2f%n", "host RSS at rest (MB)", Stats.mb(rest.hostRssKb()), load);
            System.out.printf("%-44s %12s %.2f->%.2f%n", "idle CPU of host tree over " + (int) idleSeconds + " s (% core)",
                    String.format("%.2f", idleMsPerS / 10), loadBefore, load);
            System.out.printf("%-44s %12s %.2f%n", "processes besides the host at rest", Integer.toString(rest.runners()
                    + rest.agents()), load);
            System.out.printf("%-44s %12.0f%n", "start -> /readyz 200, " + n + " sessions (ms)", ready);
            System.out.printf("%-44s %12.0f%n", "start -> /readyz 200, no sessions (ms)", readyEmpty);
            System.out.printf("%-44s %12.0f%n", "start -> host tree under 5 % of a core (ms)", settled);
            System.out.printf("%-44s %12s%n", "first sweep pass, all visited (ms)", sweeps.isEmpty() ? "n/a" : sweeps.get(0));
            System.out.printf("%-44s %12s%n", "last idle sweep pass (ms)", sweeps.size() < 2 ? "n/a (no timing logged)"
                    : sweeps.get(sweeps.size() - 1));
            System.out.printf("%-44s %12s%n", "sweep passes logged", Integer.toString(sweeps.size()));
            System.out.printf("%-44s %12.0f %.2f%n", "new message to an idle session answered (ms)", wake,
                    ProcStat.load1());
        }
        Stats.machine();
    }

    private static boolean hasChildren(TreeSampler tree) {
        TreeSampler.Sample s = tree.sample();
        return s.runners() + s.agents() > 0;
    }

    private static double timeToReady(Path data, Map<String, String> config) throws Exception {
        BenchData.create(data, "none", 0);
        long t0 = System.nanoTime();
        try (BenchHost host = BenchHost.child(data, config)) {
            return awaitReady(new ChatClient(host.baseUrl()), host, t0);
        }
    }

    /** Milliseconds from {@code t0} until the host's /readyz answers 200 (bounded). */
    private static double awaitReady(ChatClient client, BenchHost host, long t0) throws InterruptedException {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (client.adminStatus(host.adminUrl(), "/readyz") == 200) {
                return (System.nanoTime() - t0) / 1e6;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return Double.NaN;
    }

    /** The {@code ms=} of every {@code sweep.*} timing line in the host log, oldest first. */
    private static List<String> sweepsFromLog(Path log) throws IOException {
        List<String> all = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = SWEEP_TIMING.matcher(line);
            if (m.find()) {
                all.add(m.group(1));
            }
        }
        return all;
    }

    /**
     * Waits until the host tree spends under 5 % of a core over 3 s (the first pass's delivery
     * passes still run after readiness); returns ms since the host started, NaN at the limit.
     */
    private static double awaitQuiet(TreeSampler tree, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (tree.idleRate(3) < 50) {
                return (System.nanoTime() - startedAt) / 1e6;
            }
        }
        return Double.NaN;
    }

    private static void awaitPasses(Path log, int passes, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (sweepsFromLog(log).size() < passes && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** The slow way: one message each through runners, then wait until every runner has exited. */
    private static void answerOnce(Path data, Map<String, String> config, List<String> chats) throws Exception {
        int n = chats.size();
        try (BenchHost host = BenchHost.child(data, config)) {
            try (AsyncChatClient client = new AsyncChatClient(host.baseUrl(), 2 * n + 16);
                 ReplyCollector replies = new ReplyCollector(client, chats)) {
                ReplyCollector.Step step = new ReplyCollector.Step();
                for (String c : chats) {
                    replies.expect("hello " + c, step);
                    if (client.postAsync(c, "hello " + c).get(30, TimeUnit.SECONDS) != 202) {
                        throw new IllegalStateException("POST to " + c + " was not accepted");
                    }
                }
                if (!replies.drain(step, 60 + 3.0 * n)) {
                    throw new IllegalStateException("only " + step.answered() + " of " + n + " sessions answered");
                }
            }
            TreeSampler tree = new TreeSampler(host.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (hasChildren(tree) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }
}
