package io.tandem.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** /proc readings for the manual measurements ({@link RunnerIdleCost}, {@link RunnerManySessions}). */
final class RunnerIdleCostTicks {
    private RunnerIdleCostTicks() {
    }

    /** utime + stime of this process, in clock ticks. */
    static long self() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static double load() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
