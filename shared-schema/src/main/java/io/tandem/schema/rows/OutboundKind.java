package io.tandem.schema.rows;

/** {@code messages_out.kind}. */
public enum OutboundKind {
    CHAT, CARD, QUESTION, SYSTEM;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static OutboundKind fromWire(String v) {
        return Wire.parse(OutboundKind.class, v);
    }
}
