package io.tandem.host.session;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded LRU of open connections to session files, keyed by session folder: the read-write
 * {@code inbound.db} connection and the read-only {@code out/outbound.db} connection (issue 6).
 * Opening a session file costs ~0.2 ms plus pragmas and a schema parse and an open one holds
 * ~150 KB (DESIGN 8.1), so only recently used sessions keep theirs.
 *
 * <p>Invariants: a connection is lent to one lane at a time ({@link Lease}) and is used only
 * by the thread holding the lease; eviction, idling and quarantine never close a lent connection
 * — they detach its entry and the connection is closed when the lease is returned. A file that
 * was replaced or deleted (its {@code fileKey} differs from the one seen at open) is reopened.
 * A lease returned after a failure, or with a transaction still open, closes its connection.
 * Connections stay in autocommit between leases, so each read starts a fresh read transaction
 * and never sits on a stale snapshot or holds a lock the other process waits on.
 */
public final class SessionConnections implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionConnections.class);
    /** Default of {@code sessions.open_connections}. */
    public static final int DEFAULT_CAPACITY = 64;

    private final int capacity;
    private final Durability durability;
    private final Clock clock;
    private final LinkedHashMap<Path, CachedSession> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicInteger openNow = new AtomicInteger();
    private final LongAdder opened = new LongAdder();
    private boolean closed;

    public SessionConnections(int capacity, Durability durability, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.durability = durability;
        this.clock = clock;
    }

    /**
     * A connection lent to the caller until {@link #release}. A lease on a connection already lent
     * (a nested use on the same lane) or taken after {@link #close} gets its own connection,
     * closed on release, exactly as before the cache existed.
     */
    public final class Lease {
        private final CachedSession entry;
        private final CachedSession.Slot slot;
        private final Connection conn;
        private boolean released;

        private Lease(CachedSession entry, CachedSession.Slot slot, Connection conn) {
            this.entry = entry;
            this.slot = slot;
            this.conn = conn;
        }

        public Connection connection() {
            return conn;
        }

        /**
         * The {@code user_version} remembered for this connection by {@link #rememberVersion}, or
         * -1. Callers remember only a value that cannot go stale while the same file stays open
         * (the cache reopens a replaced file), so a use can skip its {@code PRAGMA user_version}.
         */
        public long knownVersion() {
            return slot != null && slot.versionOf == conn ? slot.version : -1;
        }

        /** Remembers {@code version} for this connection (nothing for an uncached one). */
        public void rememberVersion(long version) {
            if (slot != null) {
                slot.versionOf = conn;
                slot.version = version;
            }
        }

        /**
         * Returns the connection: kept when {@code clean} and no transaction is open, else rolled
         * back by closing it. Closed too when its entry was evicted, idled or dropped meanwhile.
         */
        public void release(boolean clean) {
            if (released) {
                return;
            }
            released = true;
            boolean keep = clean && slot != null && ConnectionChecks.outsideTransaction(conn);
            boolean close;
            synchronized (SessionConnections.this) {
                if (slot == null) {
                    close = true;
                } else {
                    slot.lent = false;
                    entry.lastUsed = clock.instant();
                    close = !keep || entry.detached || closed;
                    if (close) {
                        slot.conn = null;
                        slot.fileKey = null;
                    }
                }
            }
            if (close) {
                closeOne(conn);
            }
        }
    }

    /**
     * Lends the session's {@code inbound.db} connection, opening it (and creating the file, as
     * {@link SqliteOpener#openSession} does) when it is not cached or the file was replaced.
     */
    public Lease inbound(SessionPaths paths) throws SQLException {
        return lend(paths, CachedSession.Kind.INBOUND, paths.inboundDb());
    }

    /**
     * Lends the session's read-only {@code outbound.db} connection, or returns null when the file
     * is missing or not a regular file (never followed through a link; never created).
     */
    public Lease outbound(SessionPaths paths) throws SQLException {
        Path file = paths.outboundDb();
        if (ConnectionChecks.fileKey(file, true) == null) {
            dropSlot(key(paths), CachedSession.Kind.OUTBOUND);
            return null;
        }
        return lend(paths, CachedSession.Kind.OUTBOUND, file);
    }

    private Lease lend(SessionPaths paths, CachedSession.Kind kind, Path file) throws SQLException {
        List<Connection> evicted = new ArrayList<>();
        CachedSession entry;
        CachedSession.Slot slot;
        synchronized (this) {
            entry = closed ? null : entries.computeIfAbsent(key(paths), r -> new CachedSession(r, clock.instant()));
            slot = entry == null ? null : entry.slot(kind);
            if (slot == null || slot.lent) {
                slot = null;
            } else {
                slot.lent = true;
                evictBeyondCapacity(evicted);
            }
        }
        closeAll(evicted);
        if (slot == null) {
            return new Lease(null, null, open(kind, file));
        }
        try {
            Object before = ConnectionChecks.fileKey(file, kind == CachedSession.Kind.OUTBOUND);
            if (slot.conn != null && (before == null || !before.equals(slot.fileKey))) {
                log.atDebug().addKeyValue("session", paths.root().getFileName()).addKeyValue("file", kind)
                        .log("connections.file_replaced");
                closeOne(slot.conn);
                slot.conn = null;
                slot.fileKey = null;
            }
            if (slot.conn == null) {
                slot.conn = open(kind, file);
                Object after = ConnectionChecks.fileKey(file, kind == CachedSession.Kind.OUTBOUND);
                // replaced between the stat and the open: leave no key, so the next use reopens
                slot.fileKey = before == null || Objects.equals(before, after) ? after : null;
            }
            return new Lease(entry, slot, slot.conn);
        } catch (SQLException | RuntimeException e) {
            new Lease(entry, slot, slot.conn).release(false);
            throw e;
        }
    }

    private static Path key(SessionPaths paths) {
        return paths.root().toAbsolutePath().normalize();
    }

    private void evictBeyondCapacity(List<Connection> toClose) {
        Iterator<CachedSession> it = entries.values().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            CachedSession eldest = it.next();
            it.remove();
            eldest.detach(toClose);
            log.atDebug().addKeyValue("session", eldest.root.getFileName()).log("connections.evicted");
        }
    }

    private void dropSlot(Path root, CachedSession.Kind kind) {
        Connection c = null;
        synchronized (this) {
            CachedSession e = entries.get(root);
            if (e != null) {
                CachedSession.Slot s = e.slot(kind);
                if (!s.lent && s.conn != null) {
                    c = s.conn;
                    s.conn = null;
                    s.fileKey = null;
                }
            }
        }
        closeOne(c);
    }

    /**
     * Closes the session's cached connections (the session went idle, was quarantined or
     * deleted); a connection lent at this moment closes when its lease is returned.
     */
    public void drop(SessionPaths paths) {
        List<Connection> toClose = new ArrayList<>();
        synchronized (this) {
            CachedSession e = entries.remove(key(paths));
            if (e != null) {
                e.detach(toClose);
            }
        }
        if (!toClose.isEmpty()) {
            log.atDebug().addKeyValue("session", paths.root().getFileName()).addKeyValue("closed", toClose.size())
                    .log("connections.dropped");
        }
        closeAll(toClose);
    }

    /** Closes the connections of sessions unused for {@code idle} or longer; returns how many sessions. */
    public int closeIdle(Duration idle) {
        Instant cutoff = clock.instant().minus(idle);
        List<Connection> toClose = new ArrayList<>();
        int sessions = 0;
        synchronized (this) {
            Iterator<CachedSession> it = entries.values().iterator();
            while (it.hasNext()) {
                CachedSession e = it.next();
                if (!e.lent() && !e.lastUsed.isAfter(cutoff)) {
                    it.remove();
                    e.detach(toClose);
                    sessions++;
                }
            }
        }
        closeAll(toClose);
        if (sessions > 0) {
            log.atDebug().addKeyValue("sessions", sessions).addKeyValue("open", openNow.get())
                    .log("connections.idle_closed");
        }
        return sessions;
    }

    /** Connections open right now (cached and lent). */
    public int openConnections() {
        return openNow.get();
    }

    /** Connections opened since start (tests and operators watch reopen churn). */
    public long opens() {
        return opened.sum();
    }

    /** Sessions with an entry in the cache. */
    public synchronized int cachedSessions() {
        return entries.size();
    }

    /** Closes every cached connection; lent ones close on release. Later leases are uncached. */
    @Override
    public void close() {
        List<Connection> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (CachedSession e : entries.values()) {
                e.detach(toClose);
            }
            entries.clear();
        }
        closeAll(toClose);
    }

    private Connection open(CachedSession.Kind kind, Path file) throws SQLException {
        Connection c = kind == CachedSession.Kind.INBOUND ? SqliteOpener.openSession(file, durability)
                : SqliteOpener.openReadOnly(file);
        opened.increment();
        openNow.incrementAndGet();
        return c;
    }

    private void closeOne(Connection c) {
        if (c != null) {
            SqliteOpener.closeQuietly(c);
            openNow.decrementAndGet();
        }
    }

    private void closeAll(List<Connection> cs) {
        for (Connection c : cs) {
            closeOne(c);
        }
    }
}
