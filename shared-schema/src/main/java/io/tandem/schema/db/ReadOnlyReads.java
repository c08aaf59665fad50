package io.tandem.schema.db;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Short, finished reads of a file this process does not write: open {@code mode=ro}, read, close.
 * Opening per read means the reader never sits on a stale snapshot and never holds a SHARED lock
 * the writer waits on. A hot journal is reported as {@link ReadResult.Status#OWNER_RECOVERING},
 * never thrown: only the owner can roll it back.
 */
public final class ReadOnlyReads {
    private ReadOnlyReads() {
    }

    public static <T> ReadResult<T> read(Path file, Sql.TxWork<T> work) throws SQLException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return ReadResult.of(ReadResult.Status.MISSING);
        }
        Connection c = null;
        try {
            c = SqliteOpener.openReadOnly(file);
            long version = Sql.longValue(c, "PRAGMA user_version");
            if (version == 0) {
                return ReadResult.of(ReadResult.Status.EMPTY);
            }
            return ReadResult.ok(work.run(c));
        } catch (SQLException e) {
            if (SqlErrors.isHotJournal(e)) {
                return ReadResult.of(ReadResult.Status.OWNER_RECOVERING);
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return ReadResult.of(ReadResult.Status.MISSING);
            }
            throw e;
        } finally {
            SqliteOpener.closeQuietly(c);
        }
    }
}
