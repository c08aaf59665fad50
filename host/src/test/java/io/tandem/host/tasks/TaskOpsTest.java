package io.tandem.host.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.time.Recurrence;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What each operation does to a live occurrence, as a decision table. */
class TaskOpsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:30Z");
    private static final TaskRows.Task RECURRING = new TaskRows.Task("t1", 2, "t1", "pending", "2026-12-02T11:00:00.000Z",
            "0 * * * *", "{\"prompt\":\"p\"}", 0);

    private static TaskRows.Task apply(TaskRows.Task t, TaskOps.Op op, TaskOps.Changes ch) {
        return TaskOps.apply(t, op, ch, ZoneOffset.UTC, NOW);
    }

    @Test
    void pauseKeepsTheSeriesCancelEndsIt() {
        assertThat(apply(RECURRING, TaskOps.Op.PAUSE, TaskOps.Changes.NONE))
                .isEqualTo(RECURRING.with("paused", RECURRING.processAfter(), "0 * * * *", RECURRING.content()));
        assertThat(apply(RECURRING, TaskOps.Op.CANCEL, TaskOps.Changes.NONE))
                .isEqualTo(RECURRING.with("cancelled", RECURRING.processAfter(), null, RECURRING.content()));
    }

    @Test
    void resumeAfterItsTimeMovesARecurringTaskToTheNextSlotButKeepsAFutureOne() {
        var pausedLong = RECURRING.with("paused", "2026-12-01T08:00:00.000Z", "0 * * * *", RECURRING.content());
        assertThat(apply(pausedLong, TaskOps.Op.RESUME, TaskOps.Changes.NONE).processAfter())
                .isEqualTo("2026-12-02T11:00:00.000Z");
        var pausedFuture = RECURRING.with("paused", "2026-12-02T12:00:00.000Z", "0 * * * *", RECURRING.content());
        assertThat(apply(pausedFuture, TaskOps.Op.RESUME, TaskOps.Changes.NONE))
                .isEqualTo(pausedFuture.with("pending", "2026-12-02T12:00:00.000Z", "0 * * * *", RECURRING.content()));
        var oneShotPast = RECURRING.with("paused", "2026-12-01T08:00:00.000Z", null, RECURRING.content());
        assertThat(apply(oneShotPast, TaskOps.Op.RESUME, TaskOps.Changes.NONE).processAfter())
                .isEqualTo("2026-12-01T08:00:00.000Z");
    }

    @Test
    void runNowMakesItDueNow() {
        assertThat(apply(RECURRING, TaskOps.Op.RUN_NOW, TaskOps.Changes.NONE).processAfter())
                .isEqualTo("2026-12-02T10:00:30.000Z");
    }

    @Test
    void updateChangesPromptTimeAndRecurrence() {
        var t = apply(RECURRING, TaskOps.Op.UPDATE, new TaskOps.Changes("new", null, "*/15 * * * *", false));
        assertThat(t.content()).isEqualTo("{\"prompt\":\"new\"}");
        assertThat(t.recurrence()).isEqualTo("*/15 * * * *");
        assertThat(t.processAfter()).isEqualTo("2026-12-02T10:15:00.000Z");
        var cleared = apply(RECURRING, TaskOps.Op.UPDATE,
                new TaskOps.Changes(null, Instant.parse("2026-12-03T09:00:00Z"), null, true));
        assertThat(cleared.recurrence()).isNull();
        assertThat(cleared.processAfter()).isEqualTo("2026-12-03T09:00:00.000Z");
        assertThatThrownBy(() -> apply(RECURRING, TaskOps.Op.UPDATE, new TaskOps.Changes(null, null, "61 * * * *", false)))
                .isInstanceOf(Recurrence.InvalidRecurrenceException.class);
    }

    @Test
    void aNewTaskRunsAtItsTimeElseItsFirstSlotElseNow() {
        Instant at = Instant.parse("2026-12-05T00:00:00Z");
        assertThat(TaskOps.firstRun(at, "0 * * * *", ZoneOffset.UTC, NOW)).isEqualTo(at);
        assertThat(TaskOps.firstRun(null, "0 * * * *", ZoneOffset.UTC, NOW))
                .isEqualTo(Instant.parse("2026-12-02T11:00:00Z"));
        assertThat(TaskOps.firstRun(null, null, ZoneOffset.UTC, NOW)).isEqualTo(NOW);
    }
}
