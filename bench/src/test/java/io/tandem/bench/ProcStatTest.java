package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void statFieldsAreCountedFromTheLastParenthesisSoACommandNameWithSpacesAndParensParses() {
        String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1200 0 3 0 "
                + "731 58 19 7 20 0 31 0 1234567 3000000000 50000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";
        ProcStat.Cpu cpu = ProcStat.parseStat(line);
        assertThat(cpu).isEqualTo(new ProcStat.Cpu(731, 58, 19, 7));
        assertThat(cpu.total()).isEqualTo(815);
    }

    @Test
    void aLineThatIsNotAStatLineIsRefusedNamingIt() {
        assertThatThrownBy(() -> ProcStat.parseStat("garbage")).hasMessageContaining("garbage");
        assertThatThrownBy(() -> ProcStat.parseStat("1 (a) S 1 2")).hasMessageContaining("too few fields");
    }

    @Test
    void vmRssIsReadInKilobytesAndAZombieWithoutOneReadsZero() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t 3000000 kB\nVmRSS:\t  123456 kB\nThreads:\t20\n";
        assertThat(ProcStat.parseRssKb(status)).isEqualTo(123456);
        assertThat(ProcStat.parseRssKb("Name:\tjava\nState:\tZ (zombie)\n")).isZero();
    }

    @Test
    void loadAverageTakesTheOneMinuteFigure() {
        assertThat(ProcStat.parseLoad1("1.93 1.74 2.91 3/412 12345\n")).isEqualTo(1.93);
    }

    @Test
    void machineCpuCountsIrqAndSoftirqAsBusyAndKeepsIowaitAndStealApart() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        String stat = "cpu  4482797 3878 1290072 8694198 107969 0 116114 5 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1\n";
        ProcStat.Machine m = ProcStat.parseMachine(stat);
        assertThat(m).isEqualTo(new ProcStat.Machine(4482797 + 3878 + 1290072 + 116114, 8694198, 107969, 5));
    }

    @Test
    void theBusyShareOfAWindowIsBusyTicksOverAllTicksAndZeroWhenNoTimePassed() {
        ProcStat.Machine a = new ProcStat.Machine(1000, 500, 100, 0);
        ProcStat.Machine b = new ProcStat.Machine(1750, 700, 150, 0); // 750 busy of 1000 ticks
        assertThat(b.busyPercentSince(a)).isEqualTo(75.0);
        assertThat(a.busyPercentSince(a)).isZero();
    }

    @Test
    void anOldKernelsShortCpuLineParsesWithTheMissingFieldsAsZeroAndGarbageIsRefused() {
        assertThat(ProcStat.parseMachine("cpu 10 0 5 100 2\n")).isEqualTo(new ProcStat.Machine(15, 100, 2, 0));
        assertThatThrownBy(() -> ProcStat.parseMachine("intr 1 2 3")).hasMessageContaining("intr 1 2 3");
    }

    @Test
    void thisProcessReadsFromProcWithCpuAndMemory() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStat.cpu(pid)).hasValueSatisfying(c -> assertThat(c.utime() + c.stime()).isPositive());
        assertThat(ProcStat.rssKb(pid)).isPositive();
        assertThat(ProcStat.cpu(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcStat.machine().busy()).isPositive();
    }
}
