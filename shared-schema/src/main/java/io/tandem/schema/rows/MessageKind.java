package io.tandem.schema.rows;

/** {@code messages_in.kind}. */
public enum MessageKind {
    CHAT, TASK, SYSTEM, WEBHOOK;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MessageKind fromWire(String v) {
        return Wire.parse(MessageKind.class, v);
    }
}
