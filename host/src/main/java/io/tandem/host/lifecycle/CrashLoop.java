package io.tandem.host.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The crash-loop breaker's decision (issue 11 section 5): a host that keeps being started after
 * unclean stops (killed, crashed, OOM, a supervisor restarting it in a loop) would otherwise spawn
 * every due runner at every start and can take the machine down with it. From the
 * {@link #THRESHOLD}-th unclean start within {@link #WINDOW}, runner spawns wait {@link #FIRST_HOLD},
 * doubling with each further unclean start, at most {@link #MAX_HOLD}; the host itself serves
 * (messages are accepted and stored) while it waits. A clean stop clears the history. A pure
 * function of the unclean start times and the time, tested as a table.
 */
public final class CrashLoop {
    public static final Duration WINDOW = Duration.ofMinutes(10);
    public static final int THRESHOLD = 3;
    public static final Duration FIRST_HOLD = Duration.ofSeconds(30);
    public static final Duration MAX_HOLD = Duration.ofMinutes(5);

    private CrashLoop() {
    }

    /** How many unclean starts count, and how long spawns wait (zero: no hold). */
    public record Verdict(int recentUncleanStarts, Duration hold) {
        public boolean holding() {
            return !hold.isZero();
        }
    }

    /** {@link #decide(List, Instant, int)} with the default threshold. */
    public static Verdict decide(List<Instant> uncleanStarts, Instant now) {
        return decide(uncleanStarts, now, THRESHOLD);
    }

    /**
     * @param uncleanStarts the times of unclean starts, this one included when it is unclean
     * @param threshold     from this many recent unclean starts on, spawns wait; 0: never
     */
    public static Verdict decide(List<Instant> uncleanStarts, Instant now, int threshold) {
        int recent = (int) uncleanStarts.stream().filter(t -> !t.isBefore(now.minus(WINDOW)) && !t.isAfter(now))
                .count();
        if (threshold <= 0 || recent < threshold) {
            return new Verdict(recent, Duration.ZERO);
        }
        Duration hold = FIRST_HOLD.multipliedBy(1L << Math.min(recent - threshold, 10));
        return new Verdict(recent, hold.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : hold);
    }
}
