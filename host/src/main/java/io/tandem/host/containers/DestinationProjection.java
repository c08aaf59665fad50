package io.tandem.host.containers;

import io.tandem.host.central.Rows.Destination;
import io.tandem.host.session.InboundDb;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.session.SessionPaths;
import java.sql.SQLException;
import java.util.List;

/**
 * Projects the group's {@code agent_destinations} into the session's {@code destinations} table
 * (invariant 5), replacing it in one transaction. Runs on the session lane at every wake.
 */
public final class DestinationProjection {
    private final InboundDb inbound;

    public DestinationProjection(InboundDb inbound) {
        this.inbound = inbound;
    }

    public void project(SessionPaths paths, List<Destination> destinations) throws SQLException {
        inbound.with(paths, c -> {
            List<Destination> current = Sql.list(c, "SELECT name, type, coalesce(agent_group_id, ''), display_name, "
                    + "channel_type, platform_id FROM destinations ORDER BY name", rs -> new Destination(
                    rs.getString(1), DestinationType.fromWire(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6)));
            List<Destination> wanted = destinations.stream().map(d -> d.targetType() == DestinationType.AGENT ? d
                    : new Destination(d.localName(), d.targetType(), "", d.displayName(), d.channelType(),
                    d.platformId())).toList();
            if (current.equals(wanted)) {
                return null;
            }
            return Sql.tx(c, tx -> {
                Sql.update(tx, "DELETE FROM destinations");
                for (Destination d : destinations) {
                    boolean agent = d.targetType() == DestinationType.AGENT;
                    Sql.update(tx, "INSERT INTO destinations(name, display_name, type, channel_type, platform_id, "
                                    + "agent_group_id) VALUES (?, ?, ?, ?, ?, ?)", d.localName(), d.displayName(),
                            d.targetType().wire(), agent ? "agent" : d.channelType(), agent ? d.targetId() : d.platformId(),
                            agent ? d.targetId() : null);
                }
                return null;
            });
        });
    }
}
