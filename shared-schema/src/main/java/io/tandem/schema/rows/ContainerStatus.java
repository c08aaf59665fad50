package io.tandem.schema.rows;

/** {@code sessions.container_status}: stopped, then starting at spawn, running at the first heartbeat. */
public enum ContainerStatus implements WireValue {
    STOPPED("stopped"),
    STARTING("starting"),
    RUNNING("running");

    private final String wire;

    ContainerStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static ContainerStatus fromWire(String value) {
        return WireValue.parse(ContainerStatus.class, value);
    }
}
