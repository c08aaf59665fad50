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
    public record PendingRow(String id, int tries, boolean trigger, String processAfter) {
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
     * final (the row may be retried, issue 8): the session controller decides it, see
     * {@link #failedAttempts()}.
     */
    public List<StatusChange> statusChanges() {
        return pending.stream().flatMap(r -> currentAck(r).stream()
                .filter(a -> a.status() == AckStatus.COMPLETED)
                .map(a -> new StatusChange(r.id(), r.tries(), a.status().wire()))).toList();
    }

    /** True when some pending row's current attempt is acked {@code failed} (the controller must decide it). */
    public boolean failedAttempts() {
        return pending.stream().anyMatch(r -> currentAck(r).map(a -> a.status() == AckStatus.FAILED).orElse(false));
    }

}
