package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.Destination;
import io.tandem.schema.rows.DestinationType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/v1/groups/{id}/destinations}: the names a group's agent may send to (a chat or
 * another group), its routing map and outbound ACL (invariant 5). Every change is re-projected
 * into the {@code destinations} table of each active session of the group after the commit, so a
 * running runner sees it in its next batch.
 */
final class DestinationsApi implements Resource {
    private final CentralStores stores;
    private final Refs refs;

    DestinationsApi(CentralStores stores, Refs refs) {
        this.stores = stores;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
        AgentGroup g = refs.group(c, "group", r.segment(1));
        if (r.is("GET", 3)) {
            return ApiResponse.ok(stores.groups().destinations(c, g.id()).stream().map(DestinationsApi::view).toList());
        }
        if (r.is("POST", 3)) {
            return ApiResponse.created(create(c, g, Fields.object(r.body()), changes));
        }
        if (r.is("DELETE", 4)) {
            String name = r.segment(3);
            if (!stores.groups().deleteDestination(c, g.id(), name)) {
                throw ApiException.notFound("name: group " + g.id() + " has no destination " + name);
            }
            changes.reproject(g.id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deleted", name);
            m.put("group", g.id());
            return ApiResponse.ok(m);
        }
        throw ApiException.noRoute(r);
    }

    /** Adds destination {@code body} ({@code name}, {@code channel} or {@code agent}) to {@code g}; refusals throw. */
    Map<String, Object> create(Connection c, AgentGroup g, JsonNode body, Changes changes)
            throws SQLException {
        Fields.only(body, "name", "channel", "agent");
        String name = Fields.safeId("name", Fields.required(body, "name"));
        String channel = Fields.text(body, "channel");
        String agent = Fields.text(body, "agent");
        if ((channel == null) == (agent == null)) {
            throw ApiException.badRequest("give exactly one of channel or agent");
        }
        DestinationType type;
        String target;
        if (channel != null) {
            type = DestinationType.CHANNEL;
            target = refs.channel(c, "channel", channel).id();
        } else {
            type = DestinationType.AGENT;
            target = refs.group(c, "agent", agent).id();
        }
        if (stores.groups().destinations(c, g.id()).stream().anyMatch(d -> d.localName().equals(name))) {
            throw ApiException.conflict("name: group " + g.id() + " already has a destination " + name);
        }
        stores.groups().insertDestination(c, g.id(), name, type, target);
        changes.reproject(g.id());
        List<Destination> all = stores.groups().destinations(c, g.id());
        return view(all.stream().filter(d -> d.localName().equals(name)).findFirst().orElseThrow());
    }

    static Map<String, Object> view(Destination d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.localName());
        m.put("type", d.targetType().wire());
        m.put("target", d.targetId());
        if (d.channelType() != null) {
            m.put("chat", d.channelType() + ":" + d.platformId());
        }
        m.put("display_name", d.displayName());
        return m;
    }
}
