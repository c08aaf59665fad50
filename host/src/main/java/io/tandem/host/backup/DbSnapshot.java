package io.tandem.host.backup;

import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqlErrors;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A consistent copy of a live SQLite file, taken while its owner (host or runner) keeps writing:
 * {@code VACUUM INTO} on a {@code mode=ro} connection, so the live file is never written and is
 * held under a SHARED lock only for the one statement (a session file is small). Never a
 * byte copy: the file may be mid-commit, and Java I/O on a file must not race SQLite's locks.
 *
 * <p>A reader that meets a hot journal (its writer was killed mid-commit) cannot roll it back;
 * only the owner can, so the snapshot retries for a while and then names the file and says who
 * must recover it. SQLITE_BUSY past the connection's bounded busy handler is retried the same way.
 */
final class DbSnapshot {
    static final Duration RETRY_FOR = Duration.ofSeconds(20);
    private static final Duration PAUSE = Duration.ofMillis(200);

    private DbSnapshot() {
    }

    /** Writes a snapshot of {@code live} to {@code dest} (which must not exist). */
    static void take(Path live, Path dest) {
        take(live, dest, RETRY_FOR);
    }

    /** As {@link #take(Path, Path)}, retrying a hot journal or SQLITE_BUSY for {@code retryFor}. */
    static void take(Path live, Path dest, Duration retryFor) {
        if (!Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupException(live + " is not a regular file");
        }
        long deadline = System.nanoTime() + retryFor.toNanos();
        while (true) {
            try {
                vacuumInto(live, dest);
                return;
            } catch (SQLException e) {
                boolean hot = SqlErrors.isHotJournal(e);
                if (!(hot || SqlErrors.isBusy(e)) || System.nanoTime() > deadline) {
                    throw new BackupException(live + " cannot be copied: " + (hot
                            ? "a writer was killed mid-commit and left a hot journal; only its owner can roll it "
                            + "back (start the host, or let the session's runner start), then run again"
                            : e.getMessage()), e);
                }
                try {
                    Files.deleteIfExists(dest);
                } catch (java.io.IOException io) {
                    throw new BackupException(dest + " cannot be removed before a retry: " + io.getMessage(), io);
                }
                LockSupport.parkNanos(PAUSE.toNanos());
            }
        }
    }

    private static void vacuumInto(Path live, Path dest) throws SQLException {
        try (Connection c = SqliteOpener.openReadOnly(live);
             PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, dest.toAbsolutePath().toString());
            ps.execute();
        }
    }

    /** {@code PRAGMA integrity_check} of a copy; throws naming the file unless it says ok. */
    static void requireIntact(Path copy, String name) {
        List<String> result;
        try (Connection c = SqliteOpener.openReadOnly(copy)) {
            result = Sql.list(c, "PRAGMA integrity_check", rs -> rs.getString(1));
        } catch (SQLException e) {
            throw new BackupException(name + ": the copy cannot be checked: " + e.getMessage(), e);
        }
        if (!result.equals(List.of("ok"))) {
            throw new BackupException(name + ": integrity_check of the copy failed: "
                    + String.join("; ", result.subList(0, Math.min(5, result.size()))));
        }
    }
}
