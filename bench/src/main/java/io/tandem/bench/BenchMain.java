package io.tandem.bench;

import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/bench [MODE] [options]}: dispatches to one benchmark mode; each prints a table and
 * exits 0. No mode (or a number first, the historical {@code scripts/bench 1000 100}) is latency.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> all = Arrays.asList(argv);
        String mode = all.isEmpty() || Character.isDigit(all.get(0).charAt(0)) || all.get(0).startsWith("--")
                ? "latency" : all.get(0);
        List<String> rest = mode.equals("latency") && (all.isEmpty() || !all.get(0).equals("latency"))
                ? all : all.subList(1, all.size());
        switch (mode) {
            case "latency" -> LatencyBench.run(new Args(rest, List.of("client-process")));
            case "throughput" -> ThroughputBench.run(new Args(rest, List.of("closed")));
            case "idle" -> IdleBench.run(new Args(rest, List.of("through-runners")));
            case "cold" -> ColdBench.run(new Args(rest, List.of()));
            default -> {
                System.err.println("usage: scripts/bench [latency [N] [M] [--client-process] [--rest-seconds S] [--warm-up W]]"
                        + " | throughput --sessions N --seconds S [--closed] [--start-rate R] [--max-steps K] [--warm-up ROUNDS]"
                        + " | idle --sessions N [--idle-seconds S] [--sweep-seconds W] [--through-runners] [--max-running R] [--idle-exit-seconds E] | cold [--chats K]");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
