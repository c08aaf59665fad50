package io.tandem.host.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a pass does with its page: hand the {@code due} rows (in seq order) to their handlers; the
 * {@code settled} ones are done already; the rest wait until {@code nextWake} at the earliest.
 */
record DeliveryPlan(List<SnapshotRow> due, List<SnapshotRow> settled, Optional<Instant> nextWake) {
}
