package io.tandem.schema.db;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Classifies sqlite-jdbc failures by their extended result code. {@code getErrorCode()} only
 * carries the primary code (8 for every READONLY variant), so the hot-journal case must be read
 * from {@link SQLiteException#getResultCode()}.
 */
public final class SqlErrors {
    private SqlErrors() {
    }

    /**
     * A read-only reader met a hot journal left by a writer killed mid-commit. Only the owner can
     * roll it back; the reader must wait for it, never fail its caller.
     */
    public static boolean isHotJournal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException se
                    && se.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK) {
                return true;
            }
            if (c instanceof SQLException e && e.getMessage() != null
                    && e.getMessage().contains("SQLITE_READONLY_ROLLBACK")) {
                return true;
            }
        }
        return false;
    }

    public static boolean isBusy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException se) {
                SQLiteErrorCode code = se.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                        || code.name().startsWith("SQLITE_BUSY_")) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean isConstraint(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException se && se.getResultCode().name().startsWith("SQLITE_CONSTRAINT")) {
                return true;
            }
        }
        return false;
    }
}
