package io.tandem.runner;

import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A manual measurement, not a test: N sessions run by N {@link Runner}s in this one JVM (what a
 * shared runner JVM does), each with the production timings and the in-process echo agent, one
 * answered message each; then this JVM's threads (by name) and its idle CPU over a window, read
 * from {@code /proc/self}. Shows which runner threads are per session and which per JVM. Run it
 * with the runner jar first on the class path, the test classes after:
 * {@code java -cp <tandem-runner.jar>:<test classes>:<test deps> io.tandem.runner.RunnerManySessions [sessions] [seconds]}.
 * Ends the JVM with halt (the runners are left running on purpose until then).
 */
public final class RunnerManySessions {
    private RunnerManySessions() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path tmp = Files.createTempDirectory("many");
        int before = Thread.activeCount();
        List<SessionFixture> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SessionFixture f = SessionFixture.create(tmp.resolve("s" + i), EchoMode.IN_PROCESS);
            f.writeSpec(new ContainerSpec(ContainerSpec.VERSION, SessionFixture.AGENT_GROUP, "s-" + i, "UTC", 10,
                    new ContainerSpec.Storage("power"), ContainerSpec.Agent.echo(), ContainerSpec.Runner.defaults()));
            sessions.add(f);
            Thread t = new Thread(() -> new Runner(f.workspace, f.group).run(), "session-" + i);
            t.setDaemon(true);
            t.start();
        }
        for (SessionFixture f : sessions) {
            String id = f.insertChat("hello", true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!f.ack(id).map(a -> a.status() == AckStatus.COMPLETED).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no reply to " + id);
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
        Thread.sleep(5000); // a measurement window, not synchronisation
        long t0 = RunnerIdleCostTicks.self();
        double load0 = RunnerIdleCostTicks.load();
        Thread.sleep(seconds * 1000L);
        long t1 = RunnerIdleCostTicks.self();
        Map<String, Integer> byName = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> byName.merge(t.getName().replaceAll("\\d+", "#"), 1,
                Integer::sum));
        long tasks;
        try (var s = Files.list(Path.of("/proc/self/task"))) {
            tasks = s.count();
        }
        System.out.printf("%d sessions: idle %.2f ms/s over %d s, %d OS threads (%d before the sessions), load %.2f -> %.2f%n",
                n, (t1 - t0) * 10.0 / seconds, seconds, tasks, before, load0, RunnerIdleCostTicks.load());
        System.out.println("  java threads by name: " + byName);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
