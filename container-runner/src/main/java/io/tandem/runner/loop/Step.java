package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The planned effect of one agent line. Planning reads whatever it needs first (and copies
 * attached files); then every step of a group writes inside ONE outbound transaction
 * ({@link #write}), is logged, and answers the agent ({@link #result}). A refused line is a step
 * that writes nothing and answers {@code ok:false}.
 */
interface Step {
    JsonNode ref();

    /** True when the step writes to outbound.db. */
    default boolean writes() {
        return true;
    }

    /** True when it inserts a {@code messages_out} row (the transaction then needs the inbound max seq). */
    default boolean mintsSeq() {
        return false;
    }

    /** True when it finishes the batch in flight (the agent's {@code done}). */
    default boolean endsBatch() {
        return false;
    }

    /** Writes the step's rows; runs inside the group's transaction. */
    void write(Connection c, TxContext tx) throws SQLException;

    /** The {@code result} line for the agent, or null when this step answers nothing. */
    String result();

    /** One structured log line for the step, after the commit. */
    void log(String sessionId);

    /** What every step of one transaction shares: the inbound max seq read before it, and its time. */
    record TxContext(long otherMax, String now) {
    }
}
