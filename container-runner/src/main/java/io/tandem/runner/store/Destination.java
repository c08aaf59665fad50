package io.tandem.runner.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A row of inbound.db {@code destinations}: a name the agent may send to, projected by the host
 * from {@code agent_destinations}. The host re-checks every target anyway (invariant 9); the
 * runner uses this only to turn a name into a channel or agent address.
 */
public record Destination(String name, String displayName, String type, String channelType, String platformId,
        String agentGroupId) {

    static final String COLUMNS = "name, display_name, type, channel_type, platform_id, agent_group_id";

    static Destination map(ResultSet rs) throws SQLException {
        return new Destination(rs.getString("name"), rs.getString("display_name"), rs.getString("type"),
                rs.getString("channel_type"), rs.getString("platform_id"), rs.getString("agent_group_id"));
    }

    public boolean isAgent() {
        return "agent".equals(type);
    }

    /** Where a row sent to this destination goes. */
    public Route route() {
        return isAgent() ? new Route("agent", agentGroupId, null) : new Route(channelType, platformId, null);
    }
}
