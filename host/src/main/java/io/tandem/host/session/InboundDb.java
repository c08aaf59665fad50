package io.tandem.host.session;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.session.SessionPaths;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
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
 *
 * <p>{@link DeferredWrite}s wait here for the session's next use of the file: {@link
 * #withDeferredTaken} hands them to a writer that commits them with its own rows (one commit for
 * both); any other use commits them first in a transaction of their own. So the host never reads
 * its own file without them, and a deferred write is never reordered after a later one.
 */
public final class InboundDb implements AutoCloseable {
    private final Durability durability;
    private final Quarantine quarantine;
    private final SessionConnections connections;
    private final OutboundReads outbound;
    private final DeferredWrites deferred = new DeferredWrites();

    public InboundDb(Durability durability, Quarantine quarantine, SessionConnections connections) {
        this.durability = durability;
        this.quarantine = quarantine;
        this.connections = connections;
        this.outbound = new OutboundReads(connections);
        quarantine.onQuarantine(paths -> {
            DeferredWrites.failAll(paths, deferred.take(paths), new SessionQuarantinedException(
                    paths.root().getFileName().toString(), "quarantined"));
            connections.drop(paths);
        });
    }

    /** Work that commits the deferred writes it is handed together with its own, and reports them. */
    @FunctionalInterface
    public interface TakingWork<T> {
        T run(java.sql.Connection c, List<DeferredWrite> taken) throws SQLException;
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
        return with(paths, (c, none) -> work.run(c), false, false);
    }

    /**
     * As {@link #with}, handing {@code work} the session's deferred writes instead of committing
     * them first: {@code work} writes them in its own transaction ({@link DeferredWrites#members})
     * and reports each outcome ({@link DeferredWrites#report}). If {@code work} throws, they are
     * failed here with its exception.
     */
    public <T> T withDeferredTaken(SessionPaths paths, TakingWork<T> work) throws SQLException {
        return with(paths, work, false, true);
    }

    /**
     * Keeps {@code write} for the session's next transaction. Only from the session's lane; the
     * caller arranges a later {@link #flushDeferred} so it never waits for long.
     */
    public void defer(SessionPaths paths, DeferredWrite write) {
        deferred.add(paths, write);
    }

    /** True while {@code write} waits for the session's next transaction (any thread: a timer asks before it queues a flush). */
    public boolean isDeferred(SessionPaths paths, DeferredWrite write) {
        return deferred.has(paths, write);
    }

    /**
     * Commits the session's deferred writes now if {@code write} is still among them (from its
     * lane): a write that a transaction already carried costs nothing more.
     */
    public void flushDeferred(SessionPaths paths, DeferredWrite write) {
        if (deferred.has(paths, write)) {
            flushDeferred(paths);
        }
    }

    /** Commits the session's deferred writes now, if any (from its lane). Never throws: failures are reported to them. */
    public void flushDeferred(SessionPaths paths) {
        if (!deferred.has(paths)) {
            return;
        }
        try {
            with(paths, c -> null);
        } catch (SQLException | RuntimeException e) {
            DeferredWrites.failAll(paths, deferred.take(paths), e);
        }
    }

    /**
     * As {@link #with} on a file brought to the current schema first (created or migrated, once
     * per connection: a connection that has seen the current version skips the check).
     */
    public <T> T withCurrentSchema(SessionPaths paths, Sql.TxWork<T> work) throws SQLException {
        return with(paths, (c, none) -> work.run(c), true, false);
    }

    /**
     * The one path to the file. {@code handOver}: {@code work} gets the deferred writes and owns
     * their outcome once it returns; otherwise they are committed (and reported) before it runs,
     * and it gets none.
     */
    private <T> T with(SessionPaths paths, TakingWork<T> work, boolean migrate, boolean handOver)
            throws SQLException {
        try {
            quarantine.check(paths);
        } catch (SessionQuarantinedException e) {
            DeferredWrites.failAll(paths, deferred.take(paths), e);
            connections.drop(paths);
            throw e;
        }
        List<DeferredWrite> taken = List.of();
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
            taken = deferred.take(paths);
            if (!handOver) {
                DeferredWrites.flush(lease.connection(), paths, taken);
                taken = List.of();
            }
            T result = work.run(lease.connection(), taken);
            taken = List.of();
            clean = true;
            return result;
        } catch (SQLException e) {
            DeferredWrites.failAll(paths, taken, e);
            if (unreadable(e)) {
                throw quarantine.quarantine(paths, "inbound.db is unreadable: " + e.getMessage());
            }
            throw e;
        } catch (RuntimeException | Error e) {
            DeferredWrites.failAll(paths, taken, e);
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

    /** The session went idle (its runner exited) or is gone: commit its deferred writes, close its cached connections. */
    public void idle(SessionPaths paths) {
        flushDeferred(paths);
        connections.drop(paths);
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    public Durability durability() {
        return durability;
    }

    /** Commits every deferred write, then closes every cached connection; call after the lanes have drained. */
    @Override
    public void close() {
        for (SessionPaths paths : deferred.waitingSessions()) {
            flushDeferred(paths);
        }
        connections.close();
    }
}
