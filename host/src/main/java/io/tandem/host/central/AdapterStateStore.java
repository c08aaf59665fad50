package io.tandem.host.central;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Adapter state ({@code chat_sdk_kv}, {@code chat_sdk_lists}): keyed values and per-key lists a
 * channel or the router keeps. A row with an {@code expires_at} at or before now is invisible to
 * reads and removed by {@link #purgeExpired}; a row without one lives until deleted.
 */
public interface AdapterStateStore {
    /** Rows one purge call may remove per table, so the central writer is held only briefly. */
    int DEFAULT_PURGE_CHUNK = 500;

    /** The value of {@code key} unless it has expired. */
    Optional<String> kvGet(Connection c, String key) throws SQLException;

    /** Sets {@code key}; {@code expiresAt} null means it never expires. */
    void kvPut(Connection c, String key, String value, String expiresAt) throws SQLException;

    /** Removes up to {@code limit} expired rows from each table. */
    Purged purgeExpired(Connection c, Instant now, int limit) throws SQLException;

    /** Removes up to {@link #DEFAULT_PURGE_CHUNK} expired rows from each table. */
    default Purged purgeExpired(Connection c, Instant now) throws SQLException {
        return purgeExpired(c, now, DEFAULT_PURGE_CHUNK);
    }

    /** Rows removed by one purge call, per table. */
    record Purged(int kv, int lists) {
        public static final Purged NONE = new Purged(0, 0);

        public Purged plus(Purged other) {
            return new Purged(kv + other.kv, lists + other.lists);
        }

        public int total() {
            return kv + lists;
        }
    }
}
