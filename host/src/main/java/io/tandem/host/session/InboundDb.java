package io.tandem.host.session;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.SessionPaths;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Callback-scoped access to a session's {@code inbound.db}: open, work, close. Only ever called
 * from that session's lane, so the host never has two connections writing one file.
 */
public final class InboundDb {
    private final Durability durability;

    public InboundDb(Durability durability) {
        this.durability = durability;
    }

    public <T> T with(SessionPaths paths, Sql.TxWork<T> work) throws SQLException {
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), durability)) {
            return work.run(c);
        }
    }

    public Durability durability() {
        return durability;
    }
}
