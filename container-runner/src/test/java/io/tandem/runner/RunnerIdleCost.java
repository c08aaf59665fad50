package io.tandem.runner;

import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.session.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A manual measurement, not a test: what a warm runner costs while nothing happens. Starts the
 * packaged runner jar with the host's default JVM flags on a fresh session with the production
 * timings ({@link ContainerSpec.Runner#defaults()}: poll 1 s, heartbeat 5 s), answers 100
 * messages (in-process echo agent), then 500 more one at a time (CPU per message, per thread),
 * waits 5 s, then reads {@code /proc/<pid>/stat} and every
 * {@code /proc/<pid>/task/*}/stat over a window and prints the runner's CPU in ms per second,
 * its thread count and the CPU per thread name. Usage:
 * {@code java -cp <test classpath> io.tandem.runner.RunnerIdleCost <tandem-runner.jar> [seconds] [runs]}.
 */
public final class RunnerIdleCost {
    private static final List<String> JVM_ARGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-Xss256k", "-Xms8m", "-Xmx96m", "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData");
    private static final double MS_PER_TICK = 10.0;
    private static final int MESSAGES = 500;

    private RunnerIdleCost() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (int run = 1; run <= runs; run++) {
            measure(jar, run, seconds);
        }
    }

    private static void measure(Path jar, int run, int seconds) throws Exception {
        Path tmp = Files.createTempDirectory("idlecost");
        SessionFixture f = SessionFixture.create(tmp, EchoMode.IN_PROCESS);
        f.writeSpec(new ContainerSpec(ContainerSpec.VERSION, SessionFixture.AGENT_GROUP, "s-test", "UTC", 10,
                new ContainerSpec.Storage("power"), ContainerSpec.Agent.echo(), ContainerSpec.Runner.defaults()));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_ARGS);
        cmd.addAll(List.of("-jar", jar.toString(), "--workspace", f.workspace.toString(), "--group",
                f.group.toString()));
        Process p = new ProcessBuilder(cmd).directory(f.group.toFile())
                .redirectOutput(tmp.resolve("runner.log").toFile()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100; i++) {
                awaitCompleted(f, f.insertChat("warm " + i, true));
            }
            Map<String, Long> busy0 = perThread(p.pid());
            long busyTotal0 = ticks(Path.of("/proc/" + p.pid() + "/stat"));
            for (int i = 0; i < MESSAGES; i++) {
                awaitCompleted(f, f.insertChat("message " + i, true));
            }
            Map<String, Long> busy1 = perThread(p.pid());
            StringBuilder perMsg = new StringBuilder();
            perName(busy0, busy1, MESSAGES).forEach((name, ms) -> {
                if (ms > 0) {
                    perMsg.append(String.format(" %s=%.3f", name, ms));
                }
            });
            System.out.printf("run %d: busy %.2f ms/msg over %d messages;%s%n", run,
                    (ticks(Path.of("/proc/" + p.pid() + "/stat")) - busyTotal0) * MS_PER_TICK / MESSAGES, MESSAGES,
                    perMsg);
            Thread.sleep(5000); // a measurement window, not synchronisation: let the last reply settle
            long total0 = ticks(Path.of("/proc/" + p.pid() + "/stat"));
            Map<String, Long> threads0 = perThread(p.pid());
            double load0 = load();
            Thread.sleep(seconds * 1000L);
            long total1 = ticks(Path.of("/proc/" + p.pid() + "/stat"));
            Map<String, Long> threads1 = perThread(p.pid());
            Map<String, Double> byName = perName(threads0, threads1, seconds);
            StringBuilder busy = new StringBuilder();
            byName.forEach((name, ms) -> {
                if (ms > 0) {
                    busy.append(String.format(" %s=%.2f", name, ms));
                }
            });
            System.out.printf("run %d: idle %.2f ms/s over %d s, %d threads, load %.2f -> %.2f;%s%n", run,
                    (total1 - total0) * MS_PER_TICK / seconds, seconds, threads1.size(), load0, load(), busy);
            System.out.println("  threads: " + String.join(", ", threads1.keySet().stream()
                    .map(k -> k.substring(k.indexOf(' ') + 1)).sorted().toList()));
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** CPU ms per {@code unit} by thread name between two readings. */
    private static Map<String, Double> perName(Map<String, Long> before, Map<String, Long> after, int unit) {
        Map<String, Double> byName = new TreeMap<>();
        after.forEach((k, v) -> byName.merge(k.substring(k.indexOf(' ') + 1),
                (v - before.getOrDefault(k, 0L)) * MS_PER_TICK / unit, Double::sum));
        return byName;
    }

    private static Map<String, Long> perThread(long pid) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.put(t.getFileName() + " " + name, ticks(t.resolve("stat")));
                } catch (IOException gone) {
                    // the thread ended between list and read
                }
            }
        }
        return out;
    }

    /** utime + stime of one /proc stat file. */
    private static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static double load() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
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
}
