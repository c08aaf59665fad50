package io.tandem.host.session;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.session.SessionPaths;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Callback-scoped access to a session's {@code inbound.db}: open, work, close. Only ever called
 * from that session's lane, so the host never has two connections writing one file.
 *
 * <p>Before any work the file is checked: a quarantined session (marker present) is refused; a
 * file that is not a database, is corrupt, or carries a {@code user_version} newer than this host
 * knows ({@code TANDEM-E005}) quarantines the session. So the host never writes a file it cannot
 * read correctly, and one bad session never stops the others.
 */
public final class InboundDb {
    private final Durability durability;
    private final Quarantine quarantine;

    public InboundDb(Durability durability, Quarantine quarantine) {
        this.durability = durability;
        this.quarantine = quarantine;
    }

    /** For tools and tests that need no shared quarantine registry. */
    public InboundDb(Durability durability) {
        this(durability, new Quarantine(Clock.systemUTC()));
    }

    public <T> T with(SessionPaths paths, Sql.TxWork<T> work) throws SQLException {
        quarantine.check(paths);
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), durability)) {
            try {
                SessionSchema.INBOUND.checkNotNewer(Sql.longValue(c, "PRAGMA user_version"));
            } catch (TandemException e) {
                throw quarantine.quarantine(paths, e.getMessage());
            }
            return work.run(c);
        } catch (SQLException e) {
            if (unreadable(e)) {
                throw quarantine.quarantine(paths, "inbound.db is unreadable: " + e.getMessage());
            }
            throw e;
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

    public Quarantine quarantine() {
        return quarantine;
    }

    public Durability durability() {
        return durability;
    }
}
