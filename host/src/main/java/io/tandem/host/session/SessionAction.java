package io.tandem.host.session;

import java.time.Instant;
import java.util.List;

/**
 * What the session controller asks its shell to do. The inbound writes ({@link SyncAcks},
 * {@link RetryFailed}, {@link Recover}) are applied together in one transaction; the rest talk to the runner
 * scheduler and the timers.
 */
public sealed interface SessionAction {

    /** {@code completed} acks of the current attempt set {@code messages_in.status}. */
    record SyncAcks(List<SessionState.StatusChange> changes) implements SessionAction {
    }

    /**
     * Rows whose current attempt the runner acked {@code failed} are retried later like recovered
     * rows, or failed at the last try (issue 8).
     */
    record RetryFailed(List<RecoveryPolicy.Retry> retries) implements SessionAction {
    }

    /** Rows a dead runner left {@code processing} are retried later or failed. */
    record Recover(List<RecoveryPolicy.Decision> decisions) implements SessionAction {
    }

    /** Work is due and no runner exists: ask the scheduler for a slot (queue order: oldest due). */
    record StartRunner(Instant oldestDue) implements SessionAction {
    }

    /** A slot was reserved for this session but there is nothing to do any more. */
    record ReleaseSlot() implements SessionAction {
    }

    /**
     * A runner we do not know (left over from a previous host) holds {@code runner.lock}: run the
     * controller again at {@code at}, until it is gone (issue 5 bug 2).
     */
    record RetryAt(Instant at) implements SessionAction {
    }

    /** The earliest future {@code process_after} of a trigger row: wake then. */
    record WakeAt(Instant at) implements SessionAction {
    }

    /** What the running runner is doing, for idle eviction: busy = a batch in flight or work due. */
    record Activity(boolean busy) implements SessionAction {
    }

    /** The session's files are unusable: mark it quarantined, persistently. */
    record Quarantine(String reason) implements SessionAction {
    }
}
