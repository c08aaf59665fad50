package io.tandem.host.messages;

/**
 * What became of an outbound row, as the host recorded it in {@code inbound.db}: a
 * {@code delivered} row (delivered or failed), else {@code delivery_attempts} (retrying), else
 * nothing yet (pending).
 */
public enum DeliveryOutcome {
    PENDING, RETRYING, DELIVERED, FAILED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
