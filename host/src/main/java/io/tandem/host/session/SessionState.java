package io.tandem.host.session;

import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.ProcessingAck;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pending rows of one session and the container's acks for them, as the delivery pass reads
 * them for its ack sync. The session controller reads its own, fuller {@link SessionSnapshot}.
 */
public record SessionState(List<PendingRow> pending, Map<String, ProcessingAck> acks, boolean outboundRecovering) {

    /** A {@code messages_in} row with status pending. */
    public record PendingRow(String id, long seq, int tries, boolean trigger, String processAfter) {
    }

    /** A status change the acks call for (only acks of the current attempt count). */
    public record StatusChange(String id, int tries, String status) {
    }

    public Optional<ProcessingAck> currentAck(PendingRow r) {
        ProcessingAck a = acks.get(r.id());
        return a != null && a.isCurrentFor(r.tries()) ? Optional.of(a) : Optional.empty();
    }

    /**
     * Completed acks of the current attempt become the row's status. A {@code failed} one is not
     * final (the row may be retried, issue 8), see {@link #failedAttempts()}.
     */
    public List<StatusChange> statusChanges() {
        return pending.stream().flatMap(r -> currentAck(r).stream()
                .filter(a -> a.status() == AckStatus.COMPLETED)
                .map(a -> new StatusChange(r.id(), r.tries(), a.status().wire()))).toList();
    }

    /** Pending rows whose current attempt is acked {@code failed}: {@link RecoveryPolicy#decideFailed} decides them. */
    public List<RecoveryPolicy.FailedAttempt> failedAttempts() {
        return pending.stream().flatMap(r -> currentAck(r).stream()
                .filter(a -> a.status() == AckStatus.FAILED)
                .map(a -> new RecoveryPolicy.FailedAttempt(r.id(), r.seq(), r.tries(), a.error()))).toList();
    }

}
