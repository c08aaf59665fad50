package io.tandem.schema.rows;

/** {@code user_roles.role}; owner is always global. */
public enum Role implements WireValue {
    OWNER("owner"),
    ADMIN("admin");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static Role fromWire(String value) {
        return WireValue.parse(Role.class, value);
    }
}
