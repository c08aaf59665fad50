package io.tandem.schema.rows;

/** {@code messaging_group_agents.engage_mode}: when a wiring engages its agent on a message. */
public enum EngageMode implements WireValue {
    PATTERN("pattern"),
    MENTION("mention"),
    MENTION_STICKY("mention-sticky");

    private final String wire;

    EngageMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static EngageMode fromWire(String value) {
        return WireValue.parse(EngageMode.class, value);
    }
}
