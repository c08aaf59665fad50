package io.tandem.host.doctor;

import io.tandem.schema.db.SqlErrors;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Short read-only looks into one SQLite file: opened {@code mode=ro}, queried, closed. */
final class SqliteFiles {
    private SqliteFiles() {
    }

    /** Work on a read-only connection. */
    interface Look<T> {
        T run(Connection c) throws SQLException;
    }

    static <T> T look(Path file, Look<T> work) throws SQLException {
        try (Connection c = SqliteOpener.openReadOnly(file)) {
            return work.run(c);
        }
    }

    /**
     * {@code central.db} (WAL): while its {@code -wal} exists a host has it open (or left it after a
     * crash) and a plain read-only open shares its {@code -shm}; without one, no process has it open
     * and an immutable open reads the main file without creating {@code -shm}/{@code -wal} beside it
     * (they would be owned by the doctor's user, e.g. root, and lock the host out).
     */
    static <T> T lookCentral(Path file, Look<T> work) throws SQLException {
        boolean open = Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
        try (Connection c = open ? SqliteOpener.openReadOnly(file) : SqliteOpener.openImmutable(file)) {
            return work.run(c);
        }
    }

    /** Every row's first column as text (e.g. {@code PRAGMA quick_check}), at most {@code limit}. */
    static List<String> column(Connection c, String sql, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next() && out.size() < limit) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The file is not a database or is damaged: only moving it aside helps. */
    static boolean corrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB
                    || se.getResultCode() == SQLiteErrorCode.SQLITE_CORRUPT
                    || se.getResultCode().name().startsWith("SQLITE_CORRUPT"))) {
                return true;
            }
        }
        return false;
    }

    static boolean hotJournal(Throwable t) {
        return SqlErrors.isHotJournal(t);
    }

    static boolean busy(Throwable t) {
        return SqlErrors.isBusy(t);
    }

    /** The integrity answer is exactly {@code ok}. */
    static boolean isOk(List<String> check) {
        return check.size() == 1 && "ok".equals(check.get(0));
    }
}
