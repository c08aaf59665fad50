package io.tandem.host.session;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/**
 * One session's entry in {@link SessionConnections}: its two connection slots. Guarded by the
 * cache's lock, except a lent slot's connection, which only the lane holding the lease touches.
 */
final class CachedSession {
    enum Kind { INBOUND, OUTBOUND }

    /** One cached connection and the identity of the file it was opened on. */
    static final class Slot {
        Connection conn;
        Object fileKey;
        boolean lent;
        /**
         * The {@code user_version} read on {@link #versionOf}: remembered for that very connection
         * only, so a reopened file (replaced, evicted, dropped) is always asked again.
         */
        Connection versionOf;
        long version;
    }

    final Path root;
    final Slot inbound = new Slot();
    final Slot outbound = new Slot();
    /** Evicted, idled or dropped: a slot lent now closes its connection on release. */
    boolean detached;
    Instant lastUsed;

    CachedSession(Path root, Instant now) {
        this.root = root;
        this.lastUsed = now;
    }

    Slot slot(Kind kind) {
        return kind == Kind.INBOUND ? inbound : outbound;
    }

    boolean lent() {
        return inbound.lent || outbound.lent;
    }

    /** Marks this entry gone and collects its idle connections; lent ones close on release. */
    void detach(List<Connection> toClose) {
        detached = true;
        for (Slot s : List.of(inbound, outbound)) {
            if (!s.lent && s.conn != null) {
                toClose.add(s.conn);
                s.conn = null;
                s.fileKey = null;
            }
        }
    }
}
