package io.tandem.schema.rows;

/** {@code agent_destinations.target_type} and {@code destinations.type}. */
public enum DestinationType implements WireValue {
    CHANNEL("channel"),
    AGENT("agent");

    private final String wire;

    DestinationType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static DestinationType fromWire(String value) {
        return WireValue.parse(DestinationType.class, value);
    }
}
