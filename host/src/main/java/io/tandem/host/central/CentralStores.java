package io.tandem.host.central;

import io.tandem.host.central.sqlite.SqliteAdapterStateStore;
import io.tandem.host.central.sqlite.SqliteAgentGroupStore;
import io.tandem.host.central.sqlite.SqliteAuditStore;
import io.tandem.host.central.sqlite.SqliteChannelStore;
import io.tandem.host.central.sqlite.SqliteSessionStore;
import io.tandem.host.central.sqlite.SqliteUserStore;
import java.time.Clock;

/**
 * The central store, one interface per aggregate, grouped for wiring. Each store is stateless and
 * takes the connection it is handed, so the same objects serve the writer lane and
 * {@link CentralDb#read}; another database (DESIGN 10) supplies another set of implementations.
 */
public record CentralStores(
        AgentGroupStore groups,
        ChannelStore channels,
        UserStore users,
        SessionStore sessions,
        AdapterStateStore adapterState,
        AuditStore audit) {

    /** The SQLite implementations; {@code clock} stamps rows and decides expiry. */
    public static CentralStores sqlite(Clock clock) {
        return new CentralStores(new SqliteAgentGroupStore(clock), new SqliteChannelStore(clock),
                new SqliteUserStore(clock), new SqliteSessionStore(clock), new SqliteAdapterStateStore(clock),
                new SqliteAuditStore(clock));
    }
}
