package io.tandem.host.session;

import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.MessageStatus;
import io.tandem.schema.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session controller's decisions: a pure function of a {@link SessionSnapshot} and the time
 * (DESIGN 5.5/5.6, issue 5 section 3). Kept here, with no I/O, so every rule is a row in a
 * decision table test:
 * <ul>
 *   <li>a quarantined session gets nothing but {@link SessionAction.Quarantine};</li>
 *   <li>{@code completed} acks of the current attempt always sync; a {@code failed} one is retried
 *       like recovery does ({@link RecoveryPolicy}, issue 8), whatever the runner is doing: the
 *       attempt is over, and the runner hands the row to the agent again once it is due;</li>
 *   <li>recovery only while no runner of ours may exist (presence NONE or RESERVED) and
 *       {@code runner.lock} is free, and only on acks actually read (a hot outbound journal
 *       hides them: the next runner redoes its own current-attempt acks);</li>
 *   <li>due work or a hot outbound journal with no runner: ask for a slot if the lock is free,
 *       else retry shortly (a runner left over from a previous host still drains);</li>
 *   <li>a running runner's activity is reported for idle eviction.</li>
 * </ul>
 */
public final class SessionDecisions {
    /** How soon to look again while a runner we do not know holds {@code runner.lock}. */
    public static final Duration LOCK_RETRY = Duration.ofMillis(250);

    private SessionDecisions() {
    }

    public static List<SessionAction> decide(SessionSnapshot s, Instant now, int maxTries) {
        if (s.quarantine() != null) {
            return List.of(new SessionAction.Quarantine(s.quarantine()));
        }
        List<SessionAction> actions = new ArrayList<>();
        String nowText = Timestamps.format(now);
        List<SessionState.StatusChange> changes = new ArrayList<>();
        List<RecoveryPolicy.Stuck> stuck = new ArrayList<>();
        List<RecoveryPolicy.FailedAttempt> failed = new ArrayList<>();
        for (SessionSnapshot.Row r : s.pending()) {
            s.currentAck(r).ifPresent(a -> {
                switch (a.status()) {
                    case PROCESSING -> stuck.add(new RecoveryPolicy.Stuck(r.id(), r.tries()));
                    case FAILED -> failed.add(new RecoveryPolicy.FailedAttempt(r.id(), r.seq(), r.tries(), a.error()));
                    default -> changes.add(new SessionState.StatusChange(r.id(), r.tries(), a.status().wire()));
                }
            });
        }
        if (!changes.isEmpty()) {
            actions.add(new SessionAction.SyncAcks(List.copyOf(changes)));
        }
        Map<String, RecoveryPolicy.Decision> recovered = new HashMap<>();
        if (!failed.isEmpty()) {
            List<RecoveryPolicy.Retry> retries = RecoveryPolicy.decideFailed(failed, now, maxTries);
            retries.forEach(r -> recovered.put(r.decision().id(), r.decision()));
            actions.add(new SessionAction.RetryFailed(retries));
        }
        boolean noRunnerOfOurs = !s.presence().processMayExist();
        boolean runnerGone = noRunnerOfOurs && s.runnerLockFree();
        if (runnerGone && s.outbound() == SessionSnapshot.Outbound.READ && !stuck.isEmpty()) {
            List<RecoveryPolicy.Decision> decisions = RecoveryPolicy.decide(stuck, now, maxTries);
            decisions.forEach(d -> recovered.put(d.id(), d));
            actions.add(new SessionAction.Recover(decisions));
        }
        boolean hotOutbound = s.outbound() == SessionSnapshot.Outbound.RECOVERING
                || (s.runnerLockFree() && noRunnerOfOurs && s.outboundJournal());
        Instant oldestDue = null;
        Instant nextDue = null;
        boolean inFlight = false;
        boolean anyTrigger = false;
        for (SessionSnapshot.Row r : s.pending()) {
            if (!r.trigger()) {
                continue;
            }
            RecoveryPolicy.Decision d = recovered.get(r.id());
            if (d != null) {
                anyTrigger |= d.status() == MessageStatus.PENDING;
                if (d.status() == MessageStatus.PENDING && d.processAfter() != null) {
                    Instant at = Timestamps.parse(d.processAfter());
                    nextDue = min(nextDue, at);
                }
                continue;
            }
            var ack = s.currentAck(r);
            if (ack.isPresent()) {
                inFlight |= ack.get().status() == AckStatus.PROCESSING;
                anyTrigger |= ack.get().status() == AckStatus.PROCESSING;
                continue;
            }
            anyTrigger = true;
            if (r.dueAt(nowText)) {
                oldestDue = min(oldestDue, r.dueSince());
            } else {
                nextDue = min(nextDue, Timestamps.parse(r.processAfter()));
            }
        }
        boolean dueNow = oldestDue != null;
        switch (s.presence()) {
            case NONE, RESERVED -> {
                if ((dueNow || hotOutbound) && s.runnerLockFree()) {
                    actions.add(new SessionAction.StartRunner(oldestDue != null ? oldestDue : now));
                } else {
                    if (s.presence() == RunnerPresence.RESERVED) {
                        actions.add(new SessionAction.ReleaseSlot());
                    }
                    if (!s.runnerLockFree() && (anyTrigger || hotOutbound)) {
                        actions.add(new SessionAction.RetryAt(now.plus(LOCK_RETRY)));
                    }
                }
            }
            case RUNNING -> actions.add(new SessionAction.Activity(dueNow || inFlight));
            default -> {
                // STARTING or STOPPING: the process is coming up or going away; its exit reruns us
            }
        }
        if (nextDue != null) {
            actions.add(new SessionAction.WakeAt(nextDue));
        }
        return actions;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** The oldest due time among the actions, if a start was asked for. */
    public static Optional<Instant> startAsked(List<SessionAction> actions) {
        return actions.stream().filter(a -> a instanceof SessionAction.StartRunner)
                .map(a -> ((SessionAction.StartRunner) a).oldestDue()).findFirst();
    }
}
