package io.tandem.host.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The clock-jump decision as a table: seconds of wall time and of elapsed time between two passes. */
class ClockJumpTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "one ordinary pass,                 60,    60,   -",
            "NTP slew of a few seconds,         63,    60,   -",
            "exactly the threshold forward,     360,   60,   -",
            "just over the threshold forward,   361,   60,   301",
            "an hour forward (VM resumed),      3660,  60,   3600",
            "an hour back (clock corrected),    -3540, 60,   -3600",
            "just over the threshold back,      -241,  60,   -301",
            "a long pause seen by both clocks,  7200,  7200, -",
    })
    void decide(String name, long wallSeconds, long elapsedSeconds, Long jumpSeconds) {
        ClockJump.Reading before = new ClockJump.Reading(T0, 1_000_000_000L);
        ClockJump.Reading after = new ClockJump.Reading(T0.plusSeconds(wallSeconds),
                1_000_000_000L + Duration.ofSeconds(elapsedSeconds).toNanos());
        Optional<Duration> jump = ClockJump.between(before, after, ClockJump.THRESHOLD);
        assertThat(jump).isEqualTo(jumpSeconds == null ? Optional.empty()
                : Optional.of(Duration.ofSeconds(jumpSeconds)));
    }

    @Test
    void theFirstPassHasNothingToCompareWith() {
        assertThat(ClockJump.between(null, new ClockJump.Reading(T0, 0), ClockJump.THRESHOLD)).isEmpty();
    }
}
