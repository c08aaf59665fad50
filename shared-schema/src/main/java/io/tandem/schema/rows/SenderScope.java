package io.tandem.schema.rows;

/** {@code messaging_group_agents.sender_scope}: {@code known} needs membership even in a public chat. */
public enum SenderScope implements WireValue {
    ALL("all"),
    KNOWN("known");

    private final String wire;

    SenderScope(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static SenderScope fromWire(String value) {
        return WireValue.parse(SenderScope.class, value);
    }
}
