package io.tandem.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU and memory of a host's whole process tree (host JVM, runners, agent processes) read from
 * {@code /proc}: the tree is the root plus {@link ProcessHandle#descendants()} at the moment of the
 * sample; its direct children are the runners, deeper descendants their agents. CPU is summed with reaped children's time, so a process that exits between two samples
 * still counts (on its parent). Idle CPU is measured as a rate over a window at rest and subtracted
 * from a measured window of the same tree.
 */
public final class TreeSampler {
    private final long rootPid;
    private final double msPerTick;

    /** A sample: total ticks of the tree, host RSS, runners' and agents' RSS, the whole machine's CPU, wall time. */
    public record Sample(long ticks, long hostRssKb, long runnersRssKb, int runners, long agentsRssKb, int agents,
                         ProcStat.Machine machine, long nanos) {
    }

    public TreeSampler(long rootPid) {
        this.rootPid = rootPid;
        this.msPerTick = 1000.0 / clockTicks();
    }

    public Sample sample() {
        long ticks = ProcStat.cpu(rootPid).map(ProcStat.Cpu::total).orElse(0L);
        long runnersRss = 0;
        long agentsRss = 0;
        int runners = 0;
        int agents = 0;
        List<ProcessHandle> kids = new ArrayList<>();
        ProcessHandle.of(rootPid).ifPresent(h -> h.descendants().forEach(kids::add));
        for (ProcessHandle p : kids) {
            ticks += ProcStat.cpu(p.pid()).map(ProcStat.Cpu::total).orElse(0L);
            long rss = ProcStat.rssKb(p.pid());
            if (p.parent().map(ProcessHandle::pid).orElse(-1L) == rootPid) {
                runnersRss += rss;
                runners++;
            } else {
                agentsRss += rss;
                agents++;
            }
        }
        return new Sample(ticks, ProcStat.rssKb(rootPid), runnersRss, runners, agentsRss, agents, ProcStat.machine(),
                System.nanoTime());
    }

    /** CPU milliseconds of the tree between two samples. */
    public double cpuMs(Sample from, Sample to) {
        return (to.ticks() - from.ticks()) * msPerTick;
    }

    /**
     * Busy CPU milliseconds of the whole machine between two samples: the tree, the bench client and
     * the kernel's own threads (block I/O, writeback), idle not subtracted.
     */
    public double machineMs(Sample from, Sample to) {
        return (to.machine().busy() - from.machine().busy()) * msPerTick;
    }

    /** CPU milliseconds per wall second of the tree at rest, measured over {@code seconds}. */
    public double idleRate(double seconds) throws InterruptedException {
        Sample a = sample();
        TimeUnit.MILLISECONDS.sleep((long) (seconds * 1000));
        Sample b = sample();
        return cpuMs(a, b) / ((b.nanos() - a.nanos()) / 1e9);
    }

    /** CPU ms of a window with the idle rate's share of its wall time taken off. */
    public double activeCpuMs(Sample from, Sample to, double idleMsPerSecond) {
        return cpuMs(from, to) - idleMsPerSecond * (to.nanos() - from.nanos()) / 1e9;
    }

    /** {@code getconf CLK_TCK}, 100 when it cannot be asked. */
    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
