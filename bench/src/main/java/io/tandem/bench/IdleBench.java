package io.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code idle --sessions N}: N sessions with one message each, left to go idle (runners exit after
 * a short {@code runner.idle_exit}); then the host is restarted over them, as an operator's host
 * with many registered sessions would be. Reports host RSS, the host tree's idle CPU over
 * {@code --idle-seconds}, the sweep pass (from a timing in the host log when it has one; from
 * outside: start → first {@code /readyz} 200, which waits for the first full sweep, against the
 * same figure with no sessions), and how long a new message to an idle session takes to answer.
 */
final class IdleBench {
    private static final Pattern SWEEP_TIMING =
            Pattern.compile("sweep\\.\\S*.*?\\b(?:duration_ms|elapsed_ms|took_ms|pass_ms|ms)=\"?(\\d+(?:\\.\\d+)?)");

    private IdleBench() {
    }

    static void run(Args args) throws Exception {
        int n = args.integer("sessions", 20);
        double idleSeconds = args.decimal("idle-seconds", 60);
        Path data = Files.createTempDirectory("tandem-bench-idle");
        List<String> chats = BenchData.create(data, "idle", n);
        Map<String, String> config = Map.of("runner.idle_exit", args.integer("idle-exit-seconds", 3) + "s",
                "containers.max_running", Integer.toString(args.integer("max-running", 8)));
        System.err.printf("bench idle: %d sessions, data %s%n", n, data);
        try (BenchHost host = BenchHost.child(data, config)) {
            ChatClient client = new ChatClient(host.baseUrl());
            try (ReplyCollector replies = new ReplyCollector(client, chats)) {
                ReplyCollector.Step step = new ReplyCollector.Step();
                for (String c : chats) {
                    replies.expect("hello " + c, step);
                    client.post(c, "hello " + c);
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
        double readyEmpty = timeToReady(Files.createTempDirectory("tandem-bench-idle-empty"), config);
        long t0 = System.nanoTime();
        try (BenchHost host = BenchHost.child(data, config)) {
            ChatClient client = new ChatClient(host.baseUrl());
            double ready = awaitReady(client, host, t0);
            TreeSampler tree = new TreeSampler(host.pid());
            TimeUnit.SECONDS.sleep(3);
            double loadBefore = ProcStat.load1();
            double idleMsPerS = tree.idleRate(idleSeconds);
            TreeSampler.Sample rest = tree.sample();
            double load = ProcStat.load1();
            long w0 = System.nanoTime();
            client.roundTrip(chats.get(0), "wake up", 0, Duration.ofSeconds(120));
            double wake = (System.nanoTime() - w0) / 1e6;
            String sweep = sweepFromLog(data.resolve("host.log"));
            System.out.printf("%nidle: %d sessions created with one message each, runners exited; host restarted over them%n", n);
            System.out.printf("%-44s %12s %s%n", "metric", "value", "load(1m)");
            System.out.printf("%-44s %12s %.2f%n", "host RSS at rest (MB)", Stats.mb(rest.hostRssKb()), load);
            System.out.printf("%-44s %12s %.2f->%.2f%n", "idle CPU of host tree over " + (int) idleSeconds + " s (% core)",
                    String.format("%.2f", idleMsPerS / 10), loadBefore, load);
            System.out.printf("%-44s %12s %.2f%n", "processes besides the host at rest", Integer.toString(rest.runners()
                    + rest.agents()), load);
            System.out.printf("%-44s %12.0f%n", "start -> /readyz 200, " + n + " sessions (ms)", ready);
            System.out.printf("%-44s %12.0f%n", "start -> /readyz 200, no sessions (ms)", readyEmpty);
            System.out.printf("%-44s %12s%n", "sweep pass from host log (ms)", sweep);
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

    private static String sweepFromLog(Path log) throws IOException {
        String last = null;
        for (String line : Files.readAllLines(log)) {
            Matcher m = SWEEP_TIMING.matcher(line);
            if (m.find()) {
                last = m.group(1);
            }
        }
        return last == null ? "n/a (no sweep timing logged)" : last;
    }
}
