package io.tandem.host.session;

import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqlErrors;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.sql.SQLException;

/**
 * The host's short reads of a session's {@code out/outbound.db}, with the semantics of
 * {@link ReadOnlyReads} (missing or non-regular file: MISSING; {@code user_version} 0: EMPTY; a
 * hot journal: OWNER_RECOVERING, never thrown) but over the session's cached read-only connection
 * instead of an open per read. The connection stays in autocommit, so every read sees the last
 * commit; after any error it is closed and the next read opens afresh. Called on the session's
 * lane only, and never inside a write transaction on {@code inbound.db}.
 */
public final class OutboundReads {
    private final SessionConnections connections;

    public OutboundReads(SessionConnections connections) {
        this.connections = connections;
    }

    public <T> ReadResult<T> read(SessionPaths paths, Sql.TxWork<T> work) throws SQLException {
        SessionConnections.Lease lease = null;
        boolean clean = false;
        try {
            lease = connections.outbound(paths);
            if (lease == null) {
                return ReadResult.of(ReadResult.Status.MISSING);
            }
            // a user_version once above 0 never returns to 0 in the same file (a new file is a new
            // connection): only a version not yet seen above 0 is read again
            long version = lease.knownVersion() > 0 ? lease.knownVersion()
                    : Sql.longValue(lease.connection(), "PRAGMA user_version");
            if (version > 0) {
                lease.rememberVersion(version);
            }
            ReadResult<T> result = version == 0 ? ReadResult.of(ReadResult.Status.EMPTY)
                    : ReadResult.ok(Sql.read(lease.connection(), work)); // one lock for all its statements
            clean = true;
            return result;
        } catch (SQLException e) {
            if (SqlErrors.isHotJournal(e)) {
                return ReadResult.of(ReadResult.Status.OWNER_RECOVERING);
            }
            if (!Files.exists(paths.outboundDb(), LinkOption.NOFOLLOW_LINKS)) {
                return ReadResult.of(ReadResult.Status.MISSING);
            }
            throw e;
        } finally {
            if (lease != null) {
                lease.release(clean);
            }
        }
    }
}
