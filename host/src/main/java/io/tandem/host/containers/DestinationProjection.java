package io.tandem.host.containers;

import io.tandem.host.central.Rows.Destination;
import io.tandem.host.session.InboundDb;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.session.SessionPaths;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * Projects the group's {@code agent_destinations} into the session's {@code destinations} table
 * (invariant 5), replacing it in one transaction, and only when it differs: the rows we would
 * write are compared column for column with the rows there, so an unchanged projection costs one
 * read and no commit (issue 5 bug 9). Runs on the session lane at every spawn.
 */
public final class DestinationProjection {
    private final InboundDb inbound;

    public DestinationProjection(InboundDb inbound) {
        this.inbound = inbound;
    }

    /** A {@code destinations} row exactly as stored. */
    public record Projected(String name, String displayName, String type, String channelType, String platformId,
                            String agentGroupId) {
    }

    /** The rows {@code destinations} should hold for {@code destinations}, by name. */
    public static List<Projected> rows(List<Destination> destinations) {
        return destinations.stream().map(d -> {
            boolean agent = d.targetType() == DestinationType.AGENT;
            return new Projected(d.localName(), d.displayName(), d.targetType().wire(), agent ? "agent" : d.channelType(),
                    agent ? d.targetId() : d.platformId(), agent ? d.targetId() : null);
        }).sorted(Comparator.comparing(Projected::name)).toList();
    }

    /** Replaces the table when it differs; returns true when it wrote. */
    public boolean project(SessionPaths paths, List<Destination> destinations) throws SQLException {
        List<Projected> wanted = rows(destinations);
        return inbound.with(paths, c -> {
            List<Projected> current = Sql.list(c, "SELECT name, display_name, type, channel_type, platform_id, "
                    + "agent_group_id FROM destinations ORDER BY name", rs -> new Projected(rs.getString(1),
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
            if (current.equals(wanted)) {
                return false;
            }
            return Sql.tx(c, tx -> {
                Sql.update(tx, "DELETE FROM destinations");
                for (Projected d : wanted) {
                    Sql.update(tx, "INSERT INTO destinations(name, display_name, type, channel_type, platform_id, "
                            + "agent_group_id) VALUES (?, ?, ?, ?, ?, ?)", d.name(), d.displayName(), d.type(),
                            d.channelType(), d.platformId(), d.agentGroupId());
                }
                return true;
            });
        });
    }
}
