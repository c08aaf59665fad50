package io.tandem.host.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The two checks that make a cached session connection safe to reuse: same file, no open transaction. */
final class ConnectionChecks {
    private ConnectionChecks() {
    }

    /**
     * The file's identity (device and inode), or null when it is missing (or, with
     * {@code regularOnly}, not a regular file). Never follows a link.
     */
    static Object fileKey(Path file, boolean regularOnly) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (regularOnly && !a.isRegularFile()) {
                return null;
            }
            Object key = a.fileKey();
            return key != null ? key : a.creationTime();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * True when the connection is in autocommit with no transaction open. Tandem writes with an
     * explicit {@code BEGIN IMMEDIATE}, which sqlite-jdbc's autocommit flag does not see, so a
     * {@code BEGIN} that would fail inside a transaction is the probe (no lock is taken).
     */
    static boolean outsideTransaction(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN");
                s.execute("ROLLBACK");
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
