package io.tandem.host.session;

import io.tandem.schema.session.SessionPaths;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * Work that must commit in the SAME inbound transaction that finishes rows ({@code completed} or
 * {@code failed}: both ack syncs and recovery), such as continuing a recurring task's series. Split
 * in two so the transaction holds no read of another file: {@link #prepare} runs before it on the
 * same connection, the {@link InTx} it returns runs inside it after the statuses are written.
 */
public interface RowsFinished {
    RowsFinished NONE = (c, paths, finishing) -> InTx.NONE;

    /** The part that runs inside the transaction; true when it inserted rows (the session must be woken for them). */
    @FunctionalInterface
    interface InTx {
        InTx NONE = (tx, sessionId, now) -> false;

        boolean apply(Connection tx, String sessionId, Instant now) throws SQLException;
    }

    InTx prepare(Connection c, SessionPaths paths, Collection<String> finishing) throws SQLException;

    /**
     * The ids the controller's writes finish: every synced ack, and the {@code failed} of recovery
     * and of failed attempts (a row that will be retried is not finished).
     */
    static java.util.List<String> finishedBy(java.util.List<SessionAction> writes) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (SessionAction a : writes) {
            if (a instanceof SessionAction.SyncAcks sync) {
                sync.changes().forEach(ch -> ids.add(ch.id()));
            } else if (a instanceof SessionAction.Recover r) {
                r.decisions().stream().filter(d -> d.status() == io.tandem.schema.rows.MessageStatus.FAILED)
                        .forEach(d -> ids.add(d.id()));
            } else if (a instanceof SessionAction.RetryFailed f) {
                f.retries().stream().map(RecoveryPolicy.Retry::decision)
                        .filter(d -> d.status() == io.tandem.schema.rows.MessageStatus.FAILED)
                        .forEach(d -> ids.add(d.id()));
            }
        }
        return ids;
    }
}
