package io.tandem.schema.rows;

/** {@code sessions.status}. */
public enum SessionStatus implements WireValue {
    ACTIVE("active"),
    CLOSED("closed");

    private final String wire;

    SessionStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static SessionStatus fromWire(String value) {
        return WireValue.parse(SessionStatus.class, value);
    }
}
