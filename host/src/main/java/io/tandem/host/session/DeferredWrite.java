package io.tandem.host.session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * An {@code inbound.db} write the host may commit a little later, inside the session's next
 * inbound transaction, instead of paying a commit (four fsyncs at {@code power}) of its own: a
 * delivery pass's record ({@code delivered}, acked statuses, the watermark), which the next
 * message of a conversation usually follows within milliseconds (issue 6).
 *
 * <p>Only writes whose loss on a crash repeats work idempotently may be deferred: a delivery
 * record lost with the host repeats the send under the same idempotency key, exactly as a crash
 * between send and record always did. {@link InboundDb} runs every deferred write of a session
 * before any other use of its file, so no reader on the host ever sees the file without them.
 */
public interface DeferredWrite {
    /** Writes inside the caller's transaction (in its own savepoint); never reads another file. */
    void write(Connection tx) throws SQLException;

    /** After the transaction holding {@link #write} committed (metrics counted only now). */
    void committed();

    /** The write was rolled back or never ran; {@code cause} says why. Must not throw. */
    void failed(Throwable cause);
}
