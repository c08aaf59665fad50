package io.tandem.host.session;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.session.SessionPaths;
import java.sql.SQLException;
import java.time.Clock;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Callback-scoped access to a session's {@code inbound.db}: lend its connection, work, return it.
 * Only ever called from that session's lane, so the host never has two connections writing one
 * file. The connection comes from the bounded {@link SessionConnections} cache (issue 6): reused
 * while the file is the same and the last use ended cleanly, reopened otherwise.
 *
 * <p>Before any work the file is checked: a quarantined session (marker present) is refused and
 * its cached connections are closed; a file that is not a database, is corrupt, or carries a
 * {@code user_version} newer than this host knows ({@code TANDEM-E005}) quarantines the session.
 * So the host never writes a file it cannot read correctly, and one bad session never stops the
 * others.
 */
public final class InboundDb implements AutoCloseable {
    private final Durability durability;
    private final Quarantine quarantine;
    private final SessionConnections connections;
    private final OutboundReads outbound;

    public InboundDb(Durability durability, Quarantine quarantine, SessionConnections connections) {
        this.durability = durability;
        this.quarantine = quarantine;
        this.connections = connections;
        this.outbound = new OutboundReads(connections);
        quarantine.onQuarantine(connections::drop);
    }

    public InboundDb(Durability durability, Quarantine quarantine) {
        this(durability, quarantine, new SessionConnections(SessionConnections.DEFAULT_CAPACITY, durability,
                Clock.systemUTC()));
    }

    /** For tools and tests that need no shared quarantine registry. */
    public InboundDb(Durability durability) {
        this(durability, new Quarantine(Clock.systemUTC()));
    }

    public <T> T with(SessionPaths paths, Sql.TxWork<T> work) throws SQLException {
        return with(paths, work, false);
    }

    /**
     * As {@link #with} on a file brought to the current schema first (created or migrated, once
     * per connection: a connection that has seen the current version skips the check).
     */
    public <T> T withCurrentSchema(SessionPaths paths, Sql.TxWork<T> work) throws SQLException {
        return with(paths, work, true);
    }

    private <T> T with(SessionPaths paths, Sql.TxWork<T> work, boolean migrate) throws SQLException {
        try {
            quarantine.check(paths);
        } catch (SessionQuarantinedException e) {
            connections.drop(paths);
            throw e;
        }
        SessionConnections.Lease lease = null;
        boolean clean = false;
        try {
            lease = connections.inbound(paths);
            // the host is the file's only writer and one host runs at a time: once this connection
            // has seen the current version, only a replaced file (reopened by the cache) could differ
            if (lease.knownVersion() != SessionSchema.INBOUND.version()) {
                long version = Sql.longValue(lease.connection(), "PRAGMA user_version");
                try {
                    SessionSchema.INBOUND.checkNotNewer(version);
                } catch (TandemException e) {
                    throw quarantine.quarantine(paths, e.getMessage());
                }
                if (version != SessionSchema.INBOUND.version() && migrate) {
                    SessionSchema.INBOUND.apply(lease.connection());
                    version = SessionSchema.INBOUND.version();
                }
                if (version == SessionSchema.INBOUND.version()) {
                    lease.rememberVersion(version);
                }
            }
            T result = work.run(lease.connection());
            clean = true;
            return result;
        } catch (SQLException e) {
            if (unreadable(e)) {
                throw quarantine.quarantine(paths, "inbound.db is unreadable: " + e.getMessage());
            }
            throw e;
        } finally {
            if (lease != null) {
                lease.release(clean);
            }
        }
    }

    private static boolean unreadable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB
                    || se.getResultCode() == SQLiteErrorCode.SQLITE_CORRUPT)) {
                return true;
            }
        }
        return false;
    }

    /** Short reads of the session's {@code out/outbound.db} over the same connection cache. */
    public OutboundReads outbound() {
        return outbound;
    }

    /** The cache behind this and {@link #outbound()}: counters, idling, shutdown. */
    public SessionConnections connections() {
        return connections;
    }

    /** The session went idle (its runner exited) or is gone: close its cached connections. */
    public void idle(SessionPaths paths) {
        connections.drop(paths);
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    public Durability durability() {
        return durability;
    }

    /** Closes every cached connection; call after the lanes have drained. */
    @Override
    public void close() {
        connections.close();
    }
}
