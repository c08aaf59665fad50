package io.tandem.host.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.SettableClock;
import io.tandem.host.tasks.SeriesFollowUps.AlreadyLive;
import io.tandem.host.tasks.SeriesFollowUps.Ended;
import io.tandem.host.tasks.SeriesFollowUps.Finished;
import io.tandem.host.tasks.SeriesFollowUps.Invalid;
import io.tandem.host.tasks.SeriesFollowUps.Next;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The follow-up decision table on a settable clock. */
class SeriesFollowUpsTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:30Z"));
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static Finished finished(String id, String series, String cron) {
        return new Finished(id, series, cron, "{\"prompt\":\"p\"}");
    }

    @Test
    void aFinishedOccurrenceGetsOneFollowUpInItsSeriesAtTheNextSlot() {
        var ups = SeriesFollowUps.decide(List.of(finished("t1", "t1", "*/5 * * * *")), Set.of(), UTC, clock.instant());
        assertThat(ups).containsExactly(new Next("t1", "t1", Instant.parse("2026-12-02T10:05:00Z"), "*/5 * * * *",
                "{\"prompt\":\"p\"}"));
    }

    @Test
    void twoRowsOfASeriesFinishingTogetherYieldOneFollowUp() {
        var ups = SeriesFollowUps.decide(List.of(finished("t1", "s", "0 * * * *"), finished("t2", "s", "0 * * * *")),
                Set.of(), UTC, clock.instant());
        assertThat(ups).hasSize(2);
        assertThat(ups.get(0)).isInstanceOf(Next.class);
        assertThat(ups.get(1)).isEqualTo(new AlreadyLive("t2"));
    }

    @Test
    void aSeriesWithALiveOccurrenceGetsNoNewOne() {
        var ups = SeriesFollowUps.decide(List.of(finished("t1", "s", "0 * * * *")), Set.of("s"), UTC, clock.instant());
        assertThat(ups).containsExactly(new AlreadyLive("t1"));
    }

    @Test
    void afterThreeHoursDownOnlyTheNextSlotAfterNowIsInserted() {
        clock.advance(Duration.ofHours(3));
        var ups = SeriesFollowUps.decide(List.of(finished("t1", "t1", "*/5 * * * *")), Set.of(), UTC, clock.instant());
        assertThat(ups).singleElement().isInstanceOfSatisfying(Next.class,
                n -> assertThat(n.at()).isEqualTo(Instant.parse("2026-12-02T13:05:00Z")));
    }

    @Test
    void theNextRunIsReadInTheSessionZone() {
        var ups = SeriesFollowUps.decide(List.of(finished("t1", "t1", "0 9 * * *")), Set.of(),
                ZoneId.of("Europe/Berlin"), Instant.parse("2026-03-28T08:30:00Z"));
        assertThat(ups).singleElement().isInstanceOfSatisfying(Next.class,
                n -> assertThat(n.at()).isEqualTo(Instant.parse("2026-03-29T07:00:00Z")));
    }

    @Test
    void invalidCronIsReportedAndAnExpressionThatNeverFiresEndsTheSeries() {
        var ups = SeriesFollowUps.decide(List.of(finished("t1", "a", "every monday"), finished("t2", "b", "0 0 30 2 *")),
                Set.of(), UTC, clock.instant());
        assertThat(ups.get(0)).isInstanceOfSatisfying(Invalid.class, i -> {
            assertThat(i.finishedId()).isEqualTo("t1");
            assertThat(i.error()).contains("invalid recurrence 'every monday'");
        });
        assertThat(ups.get(1)).isEqualTo(new Ended("t2"));
    }
}
