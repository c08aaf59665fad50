package io.tandem.host.central.sqlite;

import io.tandem.host.central.AdapterStateStore;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link AdapterStateStore} on SQLite. Timestamps share one fixed-width format, so expiry compares
 * as text. A purge deletes by rowid through a bounded sub-select (SQLite has no DELETE ... LIMIT
 * in the default build).
 */
public final class SqliteAdapterStateStore implements AdapterStateStore {
    private final Clock clock;

    public SqliteAdapterStateStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<String> kvGet(Connection c, String key) throws SQLException {
        return Sql.one(c, "SELECT value FROM chat_sdk_kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
                rs -> rs.getString(1), key, Timestamps.now(clock));
    }

    @Override
    public void kvPut(Connection c, String key, String value, String expiresAt) throws SQLException {
        Sql.update(c, "INSERT INTO chat_sdk_kv(key, value, expires_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                key, value, expiresAt);
    }

    @Override
    public Purged purgeExpired(Connection c, Instant now, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("purge limit must be at least 1, got " + limit);
        }
        String at = Timestamps.format(now);
        int kv = Sql.update(c, "DELETE FROM chat_sdk_kv WHERE rowid IN (SELECT rowid FROM chat_sdk_kv "
                + "WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?)", at, limit);
        int lists = Sql.update(c, "DELETE FROM chat_sdk_lists WHERE rowid IN (SELECT rowid FROM chat_sdk_lists "
                + "WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?)", at, limit);
        return new Purged(kv, lists);
    }
}
