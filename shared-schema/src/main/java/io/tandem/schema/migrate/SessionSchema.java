package io.tandem.schema.migrate;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two per-session schemas, applied idempotently and versioned by {@code PRAGMA user_version}
 * (the version is the one the resource itself sets). A file newer than this build is refused with
 * {@code TANDEM-E005}: the host quarantines that session, the runner exits with code 5.
 */
public enum SessionSchema {
    INBOUND("session/inbound.sql"),
    OUTBOUND("session/outbound.sql");

    public static final String NEWER_SESSION_FILE = "TANDEM-E005";
    public static final int NEWER_SESSION_FILE_EXIT = 5;

    private final String resource;
    private final int version;
    private final List<String> statements;

    SessionSchema(String resource) {
        this.resource = resource;
        String script = SqlScript.load(resource);
        Matcher m = Pattern.compile("PRAGMA\\s+user_version\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE)
                .matcher(script);
        if (!m.find()) {
            throw new IllegalStateException(resource + " sets no PRAGMA user_version");
        }
        this.version = Integer.parseInt(m.group(1));
        this.statements = SqlScript.statements(script);
    }

    /** The {@code user_version} this build writes and understands. */
    public int version() {
        return version;
    }

    /**
     * Brings the file up to this schema in one transaction. Must run outside any transaction, on
     * a connection whose journal mode was already set by the opener.
     */
    public void apply(Connection c) throws SQLException {
        long current = Sql.longValue(c, "PRAGMA user_version");
        checkNotNewer(current);
        if (current == version) {
            return;
        }
        if (current == 0 && Sql.longValue(c, "SELECT count(*) FROM sqlite_master") == 0) {
            // a new file: freed pages can be given back with PRAGMA incremental_vacuum after
            // retention deletes rows (this only takes effect before the first table exists)
            Sql.exec(c, "PRAGMA auto_vacuum = INCREMENTAL");
        }
        Sql.tx(c, tx -> {
            for (String s : statements) {
                Sql.exec(tx, s);
            }
            return null;
        });
    }

    public void checkNotNewer(long fileVersion) {
        if (fileVersion > version) {
            throw new TandemException(NEWER_SESSION_FILE, NEWER_SESSION_FILE_EXIT,
                    resource.substring(resource.indexOf('/') + 1).replace(".sql", ".db") + " has user_version "
                            + fileVersion + ", newer than the " + version + " this Tandem knows");
        }
    }
}
