package io.tandem.runner;

import io.tandem.schema.rows.AckStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A manual measurement, not a test: starts the packaged runner jar with the host's default JVM
 * flags on a fresh session per run, once with the echo agent as a process and once in process,
 * and prints spawn → first reply, RSS of the runner plus its children after N sequential
 * messages, and CPU per message of those processes. Usage:
 * {@code java -cp <test classpath> io.tandem.runner.RunnerFootprint <tandem-runner.jar> [messages] [runs]}.
 */
public final class RunnerFootprint {
    private static final List<String> JVM_ARGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-Xss256k", "-Xms8m", "-Xmx96m", "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData");

    private RunnerFootprint() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.println("mode        run  first_reply_ms  rss_runner_mb  rss_children_mb  rss_total_mb  cpu_ms_per_msg"
                + "  processes");
        for (int run = 1; run <= runs; run++) {
            for (EchoMode mode : EchoMode.values()) {
                measure(jar, mode, run, messages);
            }
        }
    }

    private static void measure(Path jar, EchoMode mode, int run, int messages) throws Exception {
        Path tmp = Files.createTempDirectory("footprint");
        SessionFixture f = SessionFixture.create(tmp, mode);
        String first = f.insertChat("first", true);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_ARGS);
        cmd.addAll(List.of("-jar", jar.toString(), "--workspace", f.workspace.toString(), "--group",
                f.group.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(f.group.toFile())
                .redirectOutput(tmp.resolve("runner.log").toFile()).redirectErrorStream(true).start();
        awaitCompleted(f, first);
        long firstReplyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        for (int i = 0; i < 50; i++) {
            awaitCompleted(f, f.insertChat("warm " + i, true));
        }
        long cpuBefore = cpuTicks(p.toHandle());
        for (int i = 0; i < messages; i++) {
            awaitCompleted(f, f.insertChat("message " + i, true));
        }
        long cpuTicks = cpuTicks(p.toHandle()) - cpuBefore;
        long runnerKb = rssKb(p.pid());
        long childrenKb = p.descendants().mapToLong(h -> rssKb(h.pid())).sum();
        long processes = 1 + p.descendants().count();
        p.getOutputStream().close();
        p.waitFor(20, TimeUnit.SECONDS);
        System.out.printf("%-11s %3d  %14d  %13.1f  %15.1f  %12.1f  %14.2f  %9d%n", mode, run, firstReplyMs,
                runnerKb / 1024.0, childrenKb / 1024.0, (runnerKb + childrenKb) / 1024.0,
                cpuTicks * 10.0 / messages, processes);
    }

    private static void awaitCompleted(SessionFixture f, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!f.ack(id).map(a -> a.status() == AckStatus.COMPLETED).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no reply to " + id);
            }
            LockSupport.parkNanos(500_000);
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** utime + stime (clock ticks, 10 ms) of the process and its live descendants. */
    private static long cpuTicks(ProcessHandle root) {
        long sum = ticks(root.pid());
        sum += root.descendants().mapToLong(h -> ticks(h.pid())).sum();
        return sum;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }
}
