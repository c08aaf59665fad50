package io.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code throughput --sessions N --seconds S [--closed]}: N http chats wired to echo, one shared
 * session each, on a host in a child process (this JVM is the client; its CPU is not counted).
 * Open loop ({@link OpenLoop}): increasing offered rates until p99 passes 1 s. Closed loop
 * ({@link ClosedLoop}, {@code --closed}): one client per chat, POST → reply → next. Every step is
 * bounded in messages and time.
 */
final class ThroughputBench {
    private ThroughputBench() {
    }

    /**
     * One step's figures. {@code cpuMs} is the host tree's CPU with its idle rate subtracted;
     * {@code machineMs} and {@code machineBusy} are the whole machine's (client and kernel threads
     * included), which tell a CPU-bound step (busy near 100 %) from one that waits on the disk.
     */
    record Row(String label, ReplyCollector.Step step, double seconds, double cpuMs, double machineMs,
               double machineBusy, TreeSampler.Sample end, double load) {
        static Row of(String label, ReplyCollector.Step step, double seconds, TreeSampler tree, double idle,
                      TreeSampler.Sample from, TreeSampler.Sample to) {
            return new Row(label, step, seconds, tree.activeCpuMs(from, to, idle), tree.machineMs(from, to),
                    to.machine().busyPercentSince(from.machine()), to, ProcStat.load1());
        }

        /** Prints the row, then where its round trips waited, read from the session files under {@code data}. */
        void print(Path data) {
            print();
            System.out.println(StageTimes.read(data, step.wallMs).line());
        }

        void print() {
            double[] lat = step.sortedWithLost();
            int answered = step.answered();
            int lost = step.sent.get() - step.failed.get() - answered;
            System.out.printf("%-14s %6d %6d %5d %5d %9.1f %8.1f %8s %9s %10s %6.0f %7s %9s %8s %5.2f%n", label,
                    step.sent.get(), answered, step.failed.get(), lost, answered / seconds, Stats.pct(lat, 50),
                    ms(Stats.pct(lat, 99)), perRoundTrip(cpuMs, answered), perRoundTrip(machineMs, answered),
                    machineBusy, Stats.mb(end.hostRssKb()), Stats.mb(end.runnersRssKb()) + "/" + end.runners(),
                    Stats.mb(end.agentsRssKb()) + "/" + end.agents(), load);
        }

        static void header() {
            System.out.printf("%-14s %6s %6s %5s %5s %9s %8s %8s %9s %10s %6s %7s %9s %8s %5s%n", "step", "sent", "answd",
                    "refus", "lost", "rt/s", "p50 ms", "p99 ms", "cpu ms/rt", "mach ms/rt", "busy %", "host MB",
                    "runr MB/n", "agnt MB/n", "load");
        }

        private static String perRoundTrip(double ms, int answered) {
            return answered == 0 ? "n/a" : String.format("%.2f", ms / answered);
        }

        private static String ms(double v) {
            return Double.isInfinite(v) ? "lost" : String.format("%.1f", v);
        }
    }

    static void run(Args args) throws Exception {
        int sessions = args.integer("sessions", 10);
        double seconds = args.decimal("seconds", 10);
        boolean closed = args.flag("closed");
        Path data = Files.createTempDirectory("tandem-bench-throughput");
        List<String> chats = BenchData.create(data, "tp", sessions);
        System.err.printf("bench throughput: %d sessions, %s loop, data %s%n", sessions, closed ? "closed" : "open", data);
        // sized as an operator sizes a host for N busy sessions: every session may run, and every
        // running session keeps its files open (below N the connection cache reopens them per message)
        Map<String, String> config = Map.of("containers.max_running", Integer.toString(Math.max(32, sessions)),
                "sessions.open_connections", Integer.toString(Math.max(64, sessions)));
        try (BenchHost host = BenchHost.child(data, config)) {
            System.err.printf("bench throughput: runner start cache ready after %.1f s%n", host.awaitStartCache(java.time.Duration.ofSeconds(120)));
            TreeSampler tree = new TreeSampler(host.pid());
            try (AsyncChatClient client = new AsyncChatClient(host.baseUrl(), 2 * sessions + 16);
                 ReplyCollector replies = new ReplyCollector(client, chats)) {
                for (int round = 0; round < args.integer("warm-up", 3); round++) {
                    warmUp(replies, chats, round);
                }
                double idle = tree.idleRate(args.decimal("rest-seconds", 3));
                System.out.printf("%nthroughput (%s loop): %d sessions, steps of %.0f s, host tree idle %.1f ms CPU/s "
                                + "subtracted; client in this JVM (not counted, one event loop)%n", closed ? "closed" : "open", sessions,
                        seconds, idle);
                Row.header();
                if (closed) {
                    ClosedLoop.run(replies, chats, seconds, tree, idle).print(data);
                } else {
                    new OpenLoop(replies, chats, tree, idle, data).run(args.decimal("start-rate", 20), seconds,
                            args.integer("max-steps", 6));
                }
            }
        }
        Stats.machine();
    }

    /**
     * One message per chat at once, so every session has a warm runner before measuring; a few
     * rounds, so the JIT's first burst is over before the idle rate is taken.
     */
    private static void warmUp(ReplyCollector replies, List<String> chats, int round)
            throws Exception {
        ReplyCollector.Step step = new ReplyCollector.Step();
        for (String c : chats) {
            String text = "warm-" + round + "-" + c;
            replies.send(c, text, step);
        }
        if (!replies.drain(step, 180)) {
            throw new IllegalStateException("warm-up: only " + step.answered() + " of " + chats.size()
                    + " sessions answered within 180 s");
        }
    }
}
