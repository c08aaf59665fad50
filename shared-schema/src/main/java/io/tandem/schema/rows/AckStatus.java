package io.tandem.schema.rows;

/** {@code processing_ack.status}. */
public enum AckStatus {
    PROCESSING, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AckStatus fromWire(String v) {
        return Wire.parse(AckStatus.class, v);
    }
}
