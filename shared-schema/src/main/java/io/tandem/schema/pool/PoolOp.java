package io.tandem.schema.pool;

import io.tandem.schema.rows.WireValue;

/** What the host asks of a shared runner JVM, one command per line on its stdin ({@link PoolCommand}). */
public enum PoolOp implements WireValue {
    /** Run a session: take its {@code runner.lock}, open its files, start its agent, loop. */
    START("start"),
    /** Stop a session cleanly, as SIGTERM or stdin EOF stops a runner of its own: finish, close, release, exit 0. */
    STOP("stop"),
    /** Stop a session now (a stale heartbeat): its agent killed at once; the whole JVM halts if it does not end in time. */
    KILL("kill");

    private final String wire;

    PoolOp(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static PoolOp fromWire(String value) {
        return WireValue.parse(PoolOp.class, value);
    }
}
