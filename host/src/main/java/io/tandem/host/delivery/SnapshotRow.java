package io.tandem.host.delivery;

/**
 * One outbound row with its delivery state from {@code inbound.db}: settled (in
 * {@code delivered}), and the durable retry state ({@code delivery_attempts}).
 */
record SnapshotRow(OutboundRow row, boolean settled, int attempts, String nextAttemptAt) {
}
