package io.tandem.schema.rows;

/** {@code messages_in.status}. There is no {@code processing}: that lives in processing_ack. */
public enum MessageStatus {
    PENDING, COMPLETED, FAILED, PAUSED, CANCELLED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MessageStatus fromWire(String v) {
        return Wire.parse(MessageStatus.class, v);
    }
}
