package io.tandem.schema.pool;

import io.tandem.schema.rows.WireValue;

/** What a shared runner JVM tells the host, one event per line on its stdout ({@link PoolEvent}). */
public enum PoolEventKind implements WireValue {
    /** Once, when the JVM is ready to take commands. */
    READY("ready"),
    /** A session's run ended (lock released, files closed) with {@code code} (the runner's exit codes). */
    EXITED("exited"),
    /** A command line the JVM could not carry out (malformed, unknown op or session); it carries on. */
    REFUSED("refused");

    private final String wire;

    PoolEventKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static PoolEventKind fromWire(String value) {
        return WireValue.parse(PoolEventKind.class, value);
    }
}
