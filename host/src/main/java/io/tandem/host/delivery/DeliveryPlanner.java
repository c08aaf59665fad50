package io.tandem.host.delivery;

import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision part of a delivery pass, a pure function of (rows, now): a settled row is skipped;
 * an invalid row is due at once (it is failed without a handler); a valid row is due when both its
 * {@code deliver_after} and its retry time ({@code delivery_attempts.next_attempt_at}) have passed,
 * otherwise it waits and the earliest such time is the next wake. Timestamps are fixed width, so
 * text order is time order.
 */
final class DeliveryPlanner {

    DeliveryPlan plan(List<SnapshotRow> rows, Instant now) {
        String nowText = Timestamps.format(now);
        List<SnapshotRow> due = new ArrayList<>();
        List<SnapshotRow> settled = new ArrayList<>();
        String next = null;
        for (SnapshotRow r : rows) {
            if (r.settled()) {
                settled.add(r);
                continue;
            }
            String notBefore = r.row() instanceof OutboundRow.Valid v
                    ? later(v.message().deliverAfter(), r.nextAttemptAt()) : null;
            if (notBefore != null && notBefore.compareTo(nowText) > 0) {
                next = next == null || notBefore.compareTo(next) < 0 ? notBefore : next;
            } else {
                due.add(r);
            }
        }
        return new DeliveryPlan(due, settled, Optional.ofNullable(next).map(Timestamps::parse));
    }

    private static String later(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
