package io.tandem.schema.rows;

/** {@code messaging_group_agents.session_mode}: which session a wiring's messages land in (DESIGN 5.2). */
public enum SessionMode implements WireValue {
    SHARED("shared"),
    PER_THREAD("per-thread"),
    AGENT_SHARED("agent-shared");

    private final String wire;

    SessionMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static SessionMode fromWire(String value) {
        return WireValue.parse(SessionMode.class, value);
    }
}
