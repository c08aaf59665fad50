package io.tandem.host.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Detects a jump of the wall clock between two sweep passes (issue 9): the wall clock ({@link
 * java.time.Clock}, what {@code process_after}, {@code expires_at} and recurrence compare against)
 * is set by NTP, an operator or a VM resume, while elapsed time ({@link System#nanoTime}) only moves
 * forward. When the wall clock moved more than {@link #THRESHOLD} further (or less far) than elapsed
 * time, the host logs it, once per jump: the next pass compares against the reading after the jump.
 * A pure function of two readings, so it is tested as a table without waiting for a real jump.
 */
public final class ClockJump {
    /** Jumps up to this size are ordinary drift and NTP slews; larger ones are logged. */
    public static final Duration THRESHOLD = Duration.ofMinutes(5);

    private ClockJump() {
    }

    /** The wall clock and the monotonic nanosecond counter, read together. */
    public record Reading(Instant wall, long nanos) {
    }

    /**
     * How far the wall clock moved beyond elapsed time between {@code before} and {@code after}
     * (negative: it went back), when that exceeds {@code threshold} either way; else empty.
     */
    public static Optional<Duration> between(Reading before, Reading after, Duration threshold) {
        if (before == null || after == null) {
            return Optional.empty();
        }
        Duration wall = Duration.between(before.wall(), after.wall());
        Duration elapsed = Duration.ofNanos(after.nanos() - before.nanos());
        Duration skew = wall.minus(elapsed);
        return skew.abs().compareTo(threshold) > 0 ? Optional.of(skew) : Optional.empty();
    }
}
