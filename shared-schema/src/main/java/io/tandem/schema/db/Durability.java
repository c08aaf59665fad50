package io.tandem.schema.db;

/**
 * How much a session-file commit survives. {@code power} (default) syncs the journal's directory
 * after the commit unlink (SQLite {@code synchronous=EXTRA}); {@code process} survives kill -9 of
 * either process but not power loss ({@code synchronous=NORMAL}).
 */
public enum Durability {
    POWER("EXTRA"),
    PROCESS("NORMAL");

    private final String synchronous;

    Durability(String synchronous) {
        this.synchronous = synchronous;
    }

    public String synchronousPragma() {
        return synchronous;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Durability fromWire(String value) {
        for (Durability d : values()) {
            if (d.wire().equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("storage.durability must be power or process, not '" + value + "'");
    }
}
