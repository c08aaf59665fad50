package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;
import io.tandem.host.session.RecoveryPolicy;
import io.tandem.host.session.SessionState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one delivery pass needs, read in one go on the session's lane: one page of
 * {@code messages_out} (rows with seq above {@code pageStart}, in seq order) with their delivery
 * state, the ack-driven status changes ({@code completed} acks, and the {@code failed} attempts
 * to retry or fail), the re-checked targets and the resolved edit/reaction
 * references. {@code storedMark} is {@code delivery_progress.settled_through} as read;
 * {@code contiguous} says whether the page starts right at it (or restarts from 0 because the
 * outbound file was replaced), which is when settling its leading rows may move the mark.
 * {@code inFlightChats}: the chats of the pending rows whose current ack is {@code processing}.
 */
record DeliverySnapshot(long storedMark, long pageStart, boolean contiguous, boolean fullPage, List<SnapshotRow> rows,
                        List<SessionState.StatusChange> ackChanges, List<RecoveryPolicy.FailedAttempt> failedAttempts,
                        Map<String, TargetCheck.Target> targets, Map<Long, MessageRef> refs,
                        Set<ChatTarget> inFlightChats) {

    /** The last seq of the page, for a continuation read; {@code pageStart} when empty. */
    long lastSeq() {
        long last = pageStart;
        for (SnapshotRow r : rows) {
            last = Math.max(last, r.row().seq());
        }
        return last;
    }
}
