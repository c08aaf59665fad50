package io.tandem.schema.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.sqlite.BusyHandler;

/**
 * Opens every SQLite connection Tandem uses, with the pragmas the contract requires. Connections
 * stay in autocommit; writes go through {@link Sql#tx} as explicit {@code BEGIN IMMEDIATE}
 * (sqlite-jdbc's {@code setAutoCommit(false)} begins eagerly and then ignores
 * {@code PRAGMA foreign_keys}).
 *
 * <ul>
 *   <li>central: WAL, foreign keys on, synchronous FULL;</li>
 *   <li>session files: journal DELETE (WAL's shared memory is not coherent across mounts),
 *       synchronous per {@link Durability};</li>
 *   <li>read-only: {@code mode=ro}, no pragma that writes.</li>
 * </ul>
 * Every connection gets a {@link BoundedBusyHandler} (5 s).
 */
public final class SqliteOpener {
    private SqliteOpener() {
    }

    public static Connection openCentral(Path file) throws SQLException {
        Connection c = open("jdbc:sqlite:" + file.toAbsolutePath(), BoundedBusyHandler.DEFAULT_BOUND);
        try {
            pragma(c, "journal_mode=WAL");
            pragma(c, "synchronous=FULL");
            pragma(c, "foreign_keys=ON");
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public static Connection openSession(Path file, Durability durability) throws SQLException {
        return openSession(file, durability, BoundedBusyHandler.DEFAULT_BOUND);
    }

    public static Connection openSession(Path file, Durability durability, Duration busyBound)
            throws SQLException {
        Connection c = open("jdbc:sqlite:" + file.toAbsolutePath(), busyBound);
        try {
            pragma(c, "journal_mode=DELETE");
            pragma(c, "synchronous=" + durability.synchronousPragma());
            pragma(c, "foreign_keys=ON");
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Opens {@code file} with {@code mode=ro}; SQLite never creates or writes it through this. */
    public static Connection openReadOnly(Path file) throws SQLException {
        String uri = "file:" + file.toAbsolutePath().toUri().getRawPath() + "?mode=ro";
        return open("jdbc:sqlite:" + uri, BoundedBusyHandler.DEFAULT_BOUND);
    }

    /**
     * Opens {@code file} with {@code mode=ro&immutable=1}: no locks, no {@code -shm} or {@code -wal}
     * created beside it (a read-only open of a WAL database would leave both behind, owned by the
     * reader's user). Only for a WAL file that no process has open (its {@code -wal} is absent),
     * e.g. {@code central.db} while no host runs.
     */
    public static Connection openImmutable(Path file) throws SQLException {
        String uri = "file:" + file.toAbsolutePath().toUri().getRawPath() + "?mode=ro&immutable=1";
        return open("jdbc:sqlite:" + uri, BoundedBusyHandler.DEFAULT_BOUND);
    }

    private static Connection open(String url, Duration busyBound) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        BusyHandler.setHandler(c, new BoundedBusyHandler(busyBound));
        return c;
    }

    public static String pragma(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean rows = s.execute("PRAGMA " + pragma);
            if (rows) {
                try (var rs = s.getResultSet()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
            return null;
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort; the connection is unusable either way
        }
    }
}
