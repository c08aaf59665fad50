package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.SettableClock;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.ProcessingAck;
import java.time.Duration;
import io.tandem.schema.rows.MessageStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session controller's decision table: one snapshot and a settable clock in, actions out.
 * No files and no processes; each row is one rule of {@link SessionDecisions}.
 */
class SessionDecisionsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final SettableClock clock = new SettableClock(T0);

    private static SessionSnapshot.Row row(String id, int tries, String processAfter) {
        return new SessionSnapshot.Row(id, 2, tries, true, processAfter, "2026-11-22T09:59:00.000Z");
    }

    private static ProcessingAck ack(String id, int attempt, AckStatus status) {
        return new ProcessingAck(id, attempt, status, "2026-11-22T09:59:30.000Z", null);
    }

    private static ProcessingAck failedAck(String id, int attempt, String error) {
        return new ProcessingAck(id, attempt, AckStatus.FAILED, "2026-11-22T09:59:30.000Z", error);
    }

    private static SessionSnapshot snap(List<SessionSnapshot.Row> rows, List<ProcessingAck> acks,
                                        SessionSnapshot.Outbound outbound, boolean journal, boolean lockFree,
                                        RunnerPresence presence) {
        Map<String, ProcessingAck> m = new HashMap<>();
        acks.forEach(a -> m.put(a.messageId(), a));
        return new SessionSnapshot("s-1", rows, m, outbound, journal, lockFree, presence, null);
    }

    private List<SessionAction> decide(SessionSnapshot s) {
        return SessionDecisions.decide(s, clock.instant(), 5);
    }

    private static List<Class<?>> kinds(List<SessionAction> actions) {
        return actions.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void dueWorkWithNoRunnerAndAFreeLockAsksForASlotOrderedByTheOldestDueMessage() {
        var a = decide(snap(List.of(row("m-1", 0, null)), List.of(), SessionSnapshot.Outbound.READ, false, true,
                RunnerPresence.NONE));
        assertThat(a).containsExactly(new SessionAction.StartRunner(Instant.parse("2026-11-22T09:59:00Z")));
    }

    @Test
    void aRunnerWeDoNotKnowHoldingTheLockMeansRetryShortlyNotDrop() {
        var a = decide(snap(List.of(row("m-1", 0, null)), List.of(), SessionSnapshot.Outbound.READ, false, false,
                RunnerPresence.NONE));
        assertThat(a).containsExactly(new SessionAction.RetryAt(T0.plus(SessionDecisions.LOCK_RETRY)));
    }

    @Test
    void aDeadRunnersProcessingAckIsRecoveredAndTheRetryTimed() {
        var a = decide(snap(List.of(row("m-1", 0, null)), List.of(ack("m-1", 0, AckStatus.PROCESSING)),
                SessionSnapshot.Outbound.READ, false, true, RunnerPresence.NONE));
        assertThat(a).containsExactly(
                new SessionAction.Recover(List.of(new RecoveryPolicy.Decision("m-1", 0, MessageStatus.PENDING, 1,
                        "2026-11-22T10:00:05.000Z"))),
                new SessionAction.WakeAt(T0.plusSeconds(5)));
    }

    @Test
    void noRecoveryWhileARunnerOfOursIsStartingRunningOrStopping() {
        for (RunnerPresence p : Arrays.asList(RunnerPresence.STARTING, RunnerPresence.RUNNING,
                RunnerPresence.STOPPING)) {
            var a = decide(snap(List.of(row("m-1", 0, null)), List.of(ack("m-1", 0, AckStatus.PROCESSING)),
                    SessionSnapshot.Outbound.READ, false, true, p));
            assertThat(kinds(a)).as("presence %s", p).doesNotContain(SessionAction.Recover.class)
                    .doesNotContain(SessionAction.StartRunner.class);
        }
    }

    @Test
    void noRecoveryWhileTheLockIsHeldEvenIfWeKnowNoRunner() {
        var a = decide(snap(List.of(row("m-1", 0, null)), List.of(ack("m-1", 0, AckStatus.PROCESSING)),
                SessionSnapshot.Outbound.READ, false, false, RunnerPresence.NONE));
        assertThat(a).containsExactly(new SessionAction.RetryAt(T0.plus(SessionDecisions.LOCK_RETRY)));
    }

    @Test
    void aHotOutboundJournalWithTheRunnerGoneStartsARunnerWithoutGuessingAtAcks() {
        var a = decide(snap(List.of(row("m-1", 0, null)), List.of(), SessionSnapshot.Outbound.RECOVERING, true, true,
                RunnerPresence.NONE));
        assertThat(a).containsExactly(new SessionAction.StartRunner(Instant.parse("2026-11-22T09:59:00Z")));
        var nothingPending = decide(snap(List.of(), List.of(), SessionSnapshot.Outbound.READ, true, true,
                RunnerPresence.NONE));
        assertThat(nothingPending).containsExactly(new SessionAction.StartRunner(T0));
    }

    @Test
    void finalAcksOfTheCurrentAttemptSyncAndSupersededOnesAreIgnored() {
        var a = decide(snap(List.of(row("m-1", 0, null), row("m-2", 1, "2026-11-22T10:00:10.000Z")),
                List.of(ack("m-1", 0, AckStatus.COMPLETED), ack("m-2", 0, AckStatus.PROCESSING)),
                SessionSnapshot.Outbound.READ, false, true, RunnerPresence.NONE));
        assertThat(a).containsExactly(
                new SessionAction.SyncAcks(List.of(new SessionState.StatusChange("m-1", 0, "completed"))),
                new SessionAction.WakeAt(Instant.parse("2026-11-22T10:00:10Z")));
    }

    @Test
    void aRetryBecomesDueWhenTheClockPassesItsTime() {
        var s = snap(List.of(row("m-1", 1, "2026-11-22T10:00:05.000Z")), List.of(), SessionSnapshot.Outbound.READ,
                false, true, RunnerPresence.NONE);
        assertThat(decide(s)).containsExactly(new SessionAction.WakeAt(T0.plusSeconds(5)));
        clock.advance(Duration.ofSeconds(5));
        assertThat(decide(s)).containsExactly(new SessionAction.StartRunner(T0.plusSeconds(5)));
    }

    @Test
    void aRunningRunnerIsReportedBusyWithABatchInFlightAndIdleWithNothingDue() {
        var busy = decide(snap(List.of(row("m-1", 0, null)), List.of(ack("m-1", 0, AckStatus.PROCESSING)),
                SessionSnapshot.Outbound.READ, false, false, RunnerPresence.RUNNING));
        assertThat(busy).containsExactly(new SessionAction.Activity(true));
        var due = decide(snap(List.of(row("m-1", 0, null)), List.of(), SessionSnapshot.Outbound.READ, false, false,
                RunnerPresence.RUNNING));
        assertThat(due).containsExactly(new SessionAction.Activity(true));
        var idle = decide(snap(List.of(), List.of(), SessionSnapshot.Outbound.READ, false, false,
                RunnerPresence.RUNNING));
        assertThat(idle).containsExactly(new SessionAction.Activity(false));
    }

    @Test
    void aReservedSlotWithNothingToDoIsGivenBack() {
        var a = decide(snap(List.of(), List.of(), SessionSnapshot.Outbound.READ, false, true,
                RunnerPresence.RESERVED));
        assertThat(a).containsExactly(new SessionAction.ReleaseSlot());
        var used = decide(snap(List.of(row("m-1", 0, null)), List.of(), SessionSnapshot.Outbound.READ, false, true,
                RunnerPresence.RESERVED));
        assertThat(kinds(used)).containsExactly(SessionAction.StartRunner.class);
    }

    @Test
    void accumulatedRowsAloneNeverStartARunner() {
        var quiet = new SessionSnapshot.Row("m-1", 2, 0, false, null, "2026-11-22T09:59:00.000Z");
        assertThat(decide(snap(List.of(quiet), List.of(), SessionSnapshot.Outbound.READ, false, true,
                RunnerPresence.NONE))).isEmpty();
    }

    @Test
    void aQuarantinedSessionGetsNothingElse() {
        var a = SessionDecisions.decide(SessionSnapshot.quarantined("s-1", RunnerPresence.NONE, "TANDEM-E005: newer"),
                T0, 5);
        assertThat(a).containsExactly(new SessionAction.Quarantine("TANDEM-E005: newer"));
    }

    @Test
    void theLastTryFailsTheRowAndNothingIsStarted() {
        var a = decide(snap(List.of(row("m-1", 4, null)), List.of(ack("m-1", 4, AckStatus.PROCESSING)),
                SessionSnapshot.Outbound.READ, false, true, RunnerPresence.NONE));
        assertThat(a).containsExactly(new SessionAction.Recover(List.of(
                new RecoveryPolicy.Decision("m-1", 4, MessageStatus.FAILED, 4, null))));
    }

    @Test
    void aFailedAttemptIsRetriedLikeRecoveryEvenWhileTheRunnerRuns() {
        // issue 8: the attempt is over, so no need to wait for the runner to go; it picks the row
        // up again once due, as attempt 1 (its old ack is superseded)
        for (RunnerPresence p : RunnerPresence.values()) {
            var a = decide(snap(List.of(row("m-1", 0, null)), List.of(failedAck("m-1", 0, "agent said no")),
                    SessionSnapshot.Outbound.READ, false, p != RunnerPresence.NONE, p));
            assertThat(a).as("presence %s", p).contains(
                    new SessionAction.RetryFailed(List.of(new RecoveryPolicy.Retry(new RecoveryPolicy.Decision(
                            "m-1", 0, MessageStatus.PENDING, 1, "2026-11-22T10:00:05.000Z"), 2, "agent said no"))),
                    new SessionAction.WakeAt(T0.plusSeconds(5)));
            assertThat(kinds(a)).as("presence %s", p).doesNotContain(SessionAction.SyncAcks.class,
                    SessionAction.StartRunner.class, SessionAction.Recover.class);
        }
    }

    @Test
    void aFailedAttemptBacksOffLikeRecoveryAndTheLastTryFailsTheRowForGood() {
        var third = decide(snap(List.of(row("m-1", 2, "2026-11-22T09:59:50.000Z")),
                List.of(failedAck("m-1", 2, "boom")), SessionSnapshot.Outbound.READ, false, true, RunnerPresence.NONE));
        assertThat(third).containsExactly(
                new SessionAction.RetryFailed(List.of(new RecoveryPolicy.Retry(new RecoveryPolicy.Decision(
                        "m-1", 2, MessageStatus.PENDING, 3, "2026-11-22T10:00:20.000Z"), 2, "boom"))),
                new SessionAction.WakeAt(T0.plusSeconds(20)));
        var last = decide(snap(List.of(row("m-1", 4, null)), List.of(failedAck("m-1", 4, "boom")),
                SessionSnapshot.Outbound.READ, false, true, RunnerPresence.NONE));
        assertThat(last).containsExactly(new SessionAction.RetryFailed(List.of(new RecoveryPolicy.Retry(
                new RecoveryPolicy.Decision("m-1", 4, MessageStatus.FAILED, 4, null), 2, "boom"))));
        var oneTry = SessionDecisions.decide(snap(List.of(row("m-1", 0, null)), List.of(failedAck("m-1", 0, "boom")),
                SessionSnapshot.Outbound.READ, false, true, RunnerPresence.NONE), T0, 1);
        assertThat(oneTry).as("sweep.max_tries 1: no retry").containsExactly(new SessionAction.RetryFailed(List.of(
                new RecoveryPolicy.Retry(new RecoveryPolicy.Decision("m-1", 0, MessageStatus.FAILED, 0, null), 2,
                        "boom"))));
    }

    @Test
    void aSupersededFailedAckIsIgnoredAndTheRetriedRowRunsWhenDue() {
        var s = snap(List.of(row("m-1", 1, "2026-11-22T10:00:05.000Z")), List.of(failedAck("m-1", 0, "boom")),
                SessionSnapshot.Outbound.READ, false, true, RunnerPresence.NONE);
        assertThat(decide(s)).containsExactly(new SessionAction.WakeAt(T0.plusSeconds(5)));
        clock.advance(Duration.ofSeconds(5));
        assertThat(decide(s)).containsExactly(new SessionAction.StartRunner(T0.plusSeconds(5)));
    }

    @Test
    void completedAndFailedAcksInOneSnapshotSyncAndRetryTogether() {
        var a = decide(snap(List.of(row("m-1", 0, null), row("m-2", 0, null)),
                List.of(ack("m-1", 0, AckStatus.COMPLETED), failedAck("m-2", 0, null)),
                SessionSnapshot.Outbound.READ, false, false, RunnerPresence.RUNNING));
        assertThat(a).containsExactly(
                new SessionAction.SyncAcks(List.of(new SessionState.StatusChange("m-1", 0, "completed"))),
                new SessionAction.RetryFailed(List.of(new RecoveryPolicy.Retry(new RecoveryPolicy.Decision(
                        "m-2", 0, MessageStatus.PENDING, 1, "2026-11-22T10:00:05.000Z"), 2, null))),
                new SessionAction.Activity(false),
                new SessionAction.WakeAt(T0.plusSeconds(5)));
    }
}
