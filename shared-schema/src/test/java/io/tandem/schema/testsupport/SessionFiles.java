package io.tandem.schema.testsupport;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Small helpers that build session files the way their owners do. */
public final class SessionFiles {
    public static final String INSERT_IN = "INSERT INTO messages_in(id, seq, kind, timestamp, series_id, content) "
            + "VALUES (?, ?, 'chat', ?, ?, ?)";

    private SessionFiles() {
    }

    /** Creates {@code file} (and its folder) with {@code schema} applied. */
    public static void create(Path file, SessionSchema schema) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            schema.apply(c);
        }
    }

    /** Commits {@code n} messages_in rows with seq 2, 4, ... 2n in one transaction. */
    public static void insertInbound(Connection c, int n) throws SQLException {
        String ts = Timestamps.format(Instant.now());
        Sql.tx(c, tx -> {
            for (int i = 1; i <= n; i++) {
                Sql.update(tx, INSERT_IN, "m-" + i, 2L * i, ts, "m-" + i, "{\"text\":\"hello " + i + "\"}");
            }
            return null;
        });
    }

    public static long count(Connection c, String table) throws SQLException {
        return Sql.longValue(c, "SELECT count(*) FROM " + table);
    }
}
