package io.tandem.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of latency samples (nearest rank) and the table's formatting helpers. */
public final class Stats {
    private Stats() {
    }

    public static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    public static double[] sorted(Collection<Double> samples) {
        double[] a = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    public static String mb(long kb) {
        return String.format("%.0f", kb / 1024.0);
    }

    /** Prints the machine line every table ends with. */
    public static void machine() {
        System.out.printf("machine: %d cpus, load(1m) now %.2f%n", Runtime.getRuntime().availableProcessors(),
                ProcStat.load1());
    }
}
