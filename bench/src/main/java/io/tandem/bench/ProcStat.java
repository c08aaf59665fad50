package io.tandem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads one process's CPU and memory from {@code /proc}: the clock ticks of {@code /proc/<pid>/stat}
 * (utime + stime of the process, plus cutime + cstime of the children it has reaped, so a runner
 * that exits inside a measured window still counts, on its parent) and VmRSS of
 * {@code /proc/<pid>/status}. The parsers are pure functions of the file text so they are tested
 * on fixed strings; a process that is gone reads as empty, never as an error.
 */
public final class ProcStat {
    /** CPU of one process in clock ticks: its own and its reaped children's. */
    public record Cpu(long utime, long stime, long cutime, long cstime) {
        public long total() {
            return utime + stime + cutime + cstime;
        }
    }

    /**
     * The whole machine's CPU in clock ticks since boot, from the first line of {@code /proc/stat}:
     * {@code busy} is user + nice + system + irq + softirq (every process, the kernel's own threads,
     * the bench client); {@code steal} is time the hypervisor gave elsewhere.
     */
    public record Machine(long busy, long idle, long iowait, long steal) {
        public static final Machine UNKNOWN = new Machine(0, 0, 0, 0);

        long total() {
            return busy + idle + iowait + steal;
        }

        /** Percent of the machine's time from {@code from} to this that was busy; 0 when no time passed. */
        public double busyPercentSince(Machine from) {
            long all = total() - from.total();
            return all <= 0 ? 0 : 100.0 * (busy - from.busy) / all;
        }
    }

    private ProcStat() {
    }

    /**
     * Parses the {@code cpu} line of {@code /proc/stat} (user nice system idle iowait irq softirq
     * steal ...; kernels before 2.6.11 have fewer fields, which count as 0).
     */
    public static Machine parseMachine(String procStat) {
        String first = procStat.lines().findFirst().orElse("");
        String[] f = first.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 5) {
            throw new IllegalArgumentException("not a /proc/stat cpu line: " + first);
        }
        long[] v = new long[8];
        for (int i = 0; i < v.length && i + 1 < f.length; i++) {
            v[i] = Long.parseLong(f[i + 1]);
        }
        return new Machine(v[0] + v[1] + v[2] + v[5] + v[6], v[3], v[4], v[7]);
    }

    /** The machine's CPU now ({@link Machine#UNKNOWN} when /proc/stat cannot be read). */
    public static Machine machine() {
        try {
            return parseMachine(Files.readString(Path.of("/proc/stat")));
        } catch (IOException | RuntimeException e) {
            return Machine.UNKNOWN;
        }
    }

    /**
     * Parses a {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may
     * itself hold spaces and parentheses, so fields are counted from the last ')'.
     */
    public static Cpu parseStat(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (no ')'): " + line);
        }
        String[] f = line.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state); field n is f[n - 3]: utime 14, stime 15, cutime 16, cstime 17
        if (f.length < 15) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + line);
        }
        return new Cpu(Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]));
    }

    /** VmRSS in kB from {@code /proc/<pid>/status} text; 0 when absent (a zombie has none). */
    public static long parseRssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String v = line.substring("VmRSS:".length()).trim();
                int sp = v.indexOf(' ');
                return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
            }
        }
        return 0;
    }

    /** The 1-minute load average from {@code /proc/loadavg} text. */
    public static double parseLoad1(String loadavg) {
        return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
    }

    public static Optional<Cpu> cpu(long pid) {
        return read(pid, "stat").map(ProcStat::parseStat);
    }

    public static long rssKb(long pid) {
        return read(pid, "status").map(ProcStat::parseRssKb).orElse(0L);
    }

    /** The 1-minute load average now (-1 when unreadable). */
    public static double load1() {
        try {
            return parseLoad1(Files.readString(Path.of("/proc/loadavg")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Optional<String> read(long pid, String file) {
        try {
            return Optional.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
