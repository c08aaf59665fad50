package io.tandem.schema.rows;

/** {@code messaging_group_agents.ignored_message_policy}: a message that did not engage is dropped or kept as context (trigger 0). */
public enum IgnoredMessagePolicy implements WireValue {
    DROP("drop"),
    ACCUMULATE("accumulate");

    private final String wire;

    IgnoredMessagePolicy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static IgnoredMessagePolicy fromWire(String value) {
        return WireValue.parse(IgnoredMessagePolicy.class, value);
    }
}
