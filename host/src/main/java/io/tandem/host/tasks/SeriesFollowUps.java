package io.tandem.host.tasks;

import io.tandem.schema.time.Recurrence;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What follows a finished occurrence of a recurring task (DESIGN 5.6): a pure function of the
 * finished rows, the series that still have a live occurrence, the zone and the time.
 *
 * <p>Invariants: a series never forks — a series with a live occurrence (pending or paused) gets no
 * new one, and within one call a series gets at most one (two rows of a series finishing together
 * yield one follow-up); a failed occurrence continues the series like a completed one; the next run
 * is strictly after now (no catch-up after downtime); every finished row handed in has its
 * recurrence cleared, so it is never considered again.
 */
public final class SeriesFollowUps {
    private SeriesFollowUps() {
    }

    /** A finished ({@code completed} or {@code failed}) occurrence that still carries a recurrence. */
    public record Finished(String id, String seriesId, String recurrence, String content) {
    }

    /** What to do with one finished row; every variant clears its recurrence. */
    public sealed interface FollowUp {
        String finishedId();
    }

    /** Insert the next occurrence of the series at {@code at}, carrying the recurrence on. */
    public record Next(String finishedId, String seriesId, Instant at, String recurrence, String content)
            implements FollowUp {
    }

    /** The series already has a live occurrence (or got one in this call): only clear. */
    public record AlreadyLive(String finishedId) implements FollowUp {
    }

    /** The expression never fires again: the series ends. */
    public record Ended(String finishedId) implements FollowUp {
    }

    /** The stored expression is not valid cron: cleared, and the agent told with a note. */
    public record Invalid(String finishedId, String seriesId, String recurrence, String error) implements FollowUp {
    }

    public static List<FollowUp> decide(List<Finished> finished, Set<String> liveSeries, ZoneId zone, Instant now) {
        Set<String> live = new HashSet<>(liveSeries);
        List<FollowUp> out = new ArrayList<>();
        for (Finished f : finished) {
            if (live.contains(f.seriesId())) {
                out.add(new AlreadyLive(f.id()));
                continue;
            }
            Recurrence r;
            try {
                r = Recurrence.parse(f.recurrence());
            } catch (Recurrence.InvalidRecurrenceException e) {
                out.add(new Invalid(f.id(), f.seriesId(), f.recurrence(), e.getMessage()));
                continue;
            }
            Optional<Instant> next = r.nextAfter(now, zone);
            if (next.isEmpty()) {
                out.add(new Ended(f.id()));
                continue;
            }
            live.add(f.seriesId());
            out.add(new Next(f.id(), f.seriesId(), next.get(), r.expression(), f.content()));
        }
        return out;
    }
}
