package io.tandem.schema.rows;

/** {@code delivered.status}: how an outbound row ended. */
public enum DeliveryStatus implements WireValue {
    DELIVERED("delivered"),
    FAILED("failed");

    private final String wire;

    DeliveryStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static DeliveryStatus fromWire(String value) {
        return WireValue.parse(DeliveryStatus.class, value);
    }
}
