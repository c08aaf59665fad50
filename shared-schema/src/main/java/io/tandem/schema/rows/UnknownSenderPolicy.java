package io.tandem.schema.rows;

/** {@code messaging_groups.unknown_sender_policy}: what happens to a message from a sender who is not a member. */
public enum UnknownSenderPolicy implements WireValue {
    STRICT("strict"),
    REQUEST_APPROVAL("request_approval"),
    PUBLIC("public");

    private final String wire;

    UnknownSenderPolicy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static UnknownSenderPolicy fromWire(String value) {
        return WireValue.parse(UnknownSenderPolicy.class, value);
    }
}
