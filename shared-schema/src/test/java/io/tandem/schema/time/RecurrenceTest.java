package io.tandem.schema.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The next-run decision table: expression, zone, now (from a fixed clock) → the next slot. */
class RecurrenceTest {

    @ParameterizedTest(name = "{0} in {1} after {2} -> {3}")
    @CsvSource({
            // plain daily and weekday schedules, strictly after now
            "0 9 * * *,      UTC,           2026-12-02T08:59:59Z, 2026-12-02T09:00:00Z",
            "0 9 * * *,      UTC,           2026-12-02T09:00:00Z, 2026-12-03T09:00:00Z",
            "0 9 * * 1-5,    Europe/Berlin, 2026-10-23T08:00:00Z, 2026-10-26T08:00:00Z",
            // Europe/Berlin spring forward (2026-03-29 02:00 CET -> 03:00 CEST): 09:00 local moves from 08:00Z to 07:00Z
            "0 9 * * *,      Europe/Berlin, 2026-03-28T08:30:00Z, 2026-03-29T07:00:00Z",
            // 02:30 does not exist on 2026-03-29: that day has no run, the next is 02:30 CEST on the 30th
            "30 2 * * *,     Europe/Berlin, 2026-03-28T02:00:00Z, 2026-03-30T00:30:00Z",
            // hourly keeps a run every real hour through the gap
            "0 * * * *,      Europe/Berlin, 2026-03-29T00:00:00Z, 2026-03-29T01:00:00Z",
            // Europe/Berlin fall back (2026-10-25 03:00 CEST -> 02:00 CET): 09:00 local moves from 07:00Z to 08:00Z
            "0 9 * * *,      Europe/Berlin, 2026-10-24T08:00:00Z, 2026-10-25T08:00:00Z",
            // 02:30 happens twice on 2026-10-25: the first (CEST) runs ...
            "30 2 * * *,     Europe/Berlin, 2026-10-24T23:00:00Z, 2026-10-25T00:30:00Z",
            // ... and the repeat (CET) does not: the next run is the following day
            "30 2 * * *,     Europe/Berlin, 2026-10-25T00:30:00Z, 2026-10-26T01:30:00Z",
            // hourly keeps a run every real hour through the overlap (02:00 CEST, 02:00 CET, 03:00 CET)
            "0 * * * *,      Europe/Berlin, 2026-10-25T00:00:00Z, 2026-10-25T01:00:00Z",
            "0 * * * *,      Europe/Berlin, 2026-10-25T01:00:00Z, 2026-10-25T02:00:00Z",
    })
    void nextRun(String expr, String zone, String now, String expected) {
        Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        assertThat(Recurrence.parse(expr).nextAfter(clock.instant(), ZoneId.of(zone)))
                .contains(Instant.parse(expected));
    }

    @Test
    void afterThreeHoursDownTheNextRunIsTheNextSlotAfterNowNotAMissedOne() {
        Instant lastRun = Instant.parse("2026-12-02T10:00:00Z");
        Clock afterDowntime = Clock.offset(Clock.fixed(lastRun, ZoneOffset.UTC), Duration.ofHours(3).plusSeconds(20));
        Instant next = Recurrence.parse("*/15 * * * *").nextAfter(afterDowntime.instant(), ZoneOffset.UTC).orElseThrow();
        assertThat(next).isEqualTo(Instant.parse("2026-12-02T13:15:00Z"));
        assertThat(next).isAfter(afterDowntime.instant());
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @CsvSource(delimiter = '|', value = {
            "0 9 * *|fields",
            "0 9 * * * *|fields",
            "61 9 * * *|61",
            "0 25 * * *|25",
            "every day|invalid recurrence",
            "' '|empty",
    })
    void invalidExpressionsAreRefusedNamingThem(String expr, String mentions) {
        assertThatThrownBy(() -> Recurrence.parse(expr))
                .isInstanceOf(Recurrence.InvalidRecurrenceException.class)
                .hasMessageContaining("invalid recurrence")
                .hasMessageContaining(mentions);
    }

    @Test
    void anExpressionThatNeverFiresHasNoNextRun() {
        assertThat(Recurrence.parse("0 0 30 2 *").nextAfter(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .isEmpty();
    }

    @Test
    void scheduleTimesWithAndWithoutOffset() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(ScheduleTime.parse("2026-12-02T09:00", berlin)).isEqualTo(Instant.parse("2026-12-02T08:00:00Z"));
        assertThat(ScheduleTime.parse("2026-07-02T09:00:00", berlin)).isEqualTo(Instant.parse("2026-07-02T07:00:00Z"));
        assertThat(ScheduleTime.parse("2026-12-02T09:00:00Z", berlin)).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
        assertThat(ScheduleTime.parse("2026-12-02T09:00:00+05:00", berlin))
                .isEqualTo(Instant.parse("2026-12-02T04:00:00Z"));
        assertThatThrownBy(() -> ScheduleTime.parse("tomorrow at nine", berlin))
                .hasMessageContaining("invalid time 'tomorrow at nine'").hasMessageContaining("ISO-8601");
    }
}
