package io.tandem.host.central;

import io.tandem.schema.json.Json;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.session.ContainerSpec;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded default a fresh data folder gets, so {@code tandem up} answers at once: agent group
 * {@code echo} (folder {@code echo}, built-in echo agent), wired to http chat {@code demo} with
 * {@code engage_mode=pattern}, {@code engage_pattern=.} and policy {@code public}. Only applied
 * when central holds no agent group at all, so it never overrides an operator's setup.
 */
public final class EmbeddedDefaults {
    public static final String GROUP = "echo";
    public static final String CHAT = "demo";

    private EmbeddedDefaults() {
    }

    /** Returns true when the defaults were created now. */
    public static boolean applyIfEmpty(Connection tx, CentralStores stores) throws SQLException {
        if (stores.groups().agentGroupCount(tx) > 0) {
            return false;
        }
        stores.groups().insertAgentGroup(tx, GROUP, "Echo", GROUP);
        stores.groups().upsertContainerConfig(tx, GROUP, Json.write(ContainerSpec.Agent.echo()));
        String mg = stores.channels().insertMessagingGroup(tx, "http", CHAT, "Demo chat", false,
                UnknownSenderPolicy.PUBLIC);
        stores.channels().insertWiring(tx, mg, GROUP, EngageMode.PATTERN, ".", SessionMode.SHARED);
        return true;
    }
}
