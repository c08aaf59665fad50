package io.tandem.schema.rows;

/**
 * How a session's runner is confined (DESIGN 5.3): {@code containers.runtime} names the default,
 * {@code container_configs.runtime} a group's own choice (NULL: the default). {@code process} is a
 * trusted child process of the host; {@code bwrap} and {@code docker} see only the session's mounts.
 */
public enum RuntimeKind implements WireValue {
    PROCESS("process"),
    BWRAP("bwrap"),
    DOCKER("docker");

    private final String wire;

    RuntimeKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static RuntimeKind fromWire(String value) {
        return WireValue.parse(RuntimeKind.class, value);
    }
}
