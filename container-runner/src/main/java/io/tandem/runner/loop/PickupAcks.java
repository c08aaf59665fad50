package io.tandem.runner.loop;

import io.tandem.runner.store.OutboundRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A batch's pickup: its {@code processing} acks and the {@code batch} container state, written
 * inside an outbound transaction that the caller commits. The runner writes them with the batch's
 * first output (one commit for a fast reply, where writing them before the agent starts took two:
 * a fifth of the fsyncs of a round trip) or alone once {@link #DELAY_NANOS} has passed without
 * output, so a slow agent's rows still show as in progress (typing, stuck-runner checks) at once
 * to a human eye. Always written before anything else of the batch in the same transaction, so
 * a {@code done} in it replaces the acks with the final ones.
 */
final class PickupAcks {
    /** Overrides {@link #DELAY_NANOS}: milliseconds, 0 writes every pickup alone at once. */
    static final String DELAY_ENV = "TANDEM_RUNNER_PICKUP_DELAY_MS";
    private static final long DEFAULT_DELAY_MS = 50;
    /**
     * How long a batch's pickup may wait for the agent's first output: {@value #DEFAULT_DELAY_MS} ms,
     * or {@link #DELAY_ENV} when it holds a number ≥ 0 (tests pin either path with it).
     */
    static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(delayMillis(System.getenv(DELAY_ENV)));

    private PickupAcks() {
    }

    static long delayMillis(String env) {
        if (env != null) {
            try {
                long v = Long.parseLong(env.trim());
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // not a number: the default
            }
        }
        return DEFAULT_DELAY_MS;
    }

    static void write(Connection c, Batch batch, String now) throws SQLException {
        OutboundRows.ackProcessing(c, batch.messages(), batch.startedAt());
        OutboundRows.containerState(c, batch.id(), batch.startedAt(), "batch", now);
    }
}
