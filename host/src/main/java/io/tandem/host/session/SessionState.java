package io.tandem.host.session;

import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.ProcessingAck;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A consistent-enough picture of one session's queue: its pending rows (from inbound.db, ours)
 * and the container's acks for them (from outbound.db, read-only). Read first, decided on in
 * memory, then applied in one inbound transaction.
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

    /** Completed or failed acks of the current attempt become the row's status. */
    public List<StatusChange> statusChanges() {
        return pending.stream().flatMap(r -> currentAck(r).stream()
                .filter(a -> a.status() != AckStatus.PROCESSING)
                .map(a -> new StatusChange(r.id(), r.tries(), a.status().wire()))).toList();
    }

    /** Rows a dead runner left {@code processing}. */
    public List<RecoveryPolicy.Stuck> stuck() {
        return pending.stream().filter(r -> currentAck(r).map(a -> a.status() == AckStatus.PROCESSING).orElse(false))
                .map(r -> new RecoveryPolicy.Stuck(r.id(), r.tries())).toList();
    }

    /** True when a runner has work now: a due trigger row the container has not acked. */
    public boolean hasDueWork(Instant now) {
        return pending.stream().anyMatch(r -> r.trigger() && isDue(r, now) && currentAck(r).isEmpty());
    }

    /** The earliest future time a trigger row becomes due, if any. */
    public Optional<String> nextDue(Instant now) {
        return pending.stream().filter(r -> r.trigger() && !isDue(r, now) && currentAck(r).isEmpty())
                .map(PendingRow::processAfter).min(String::compareTo);
    }

    private static boolean isDue(PendingRow r, Instant now) {
        return r.processAfter() == null || r.processAfter().compareTo(io.tandem.schema.time.Timestamps.format(now)) <= 0;
    }
}
