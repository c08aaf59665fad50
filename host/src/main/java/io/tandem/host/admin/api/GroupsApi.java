package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.SessionListing;
import io.tandem.schema.rows.SessionStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/v1/groups}: agent groups with their container config. Ids and folders are
 * path-safe (DESIGN 1) and unique; a group with active sessions is deleted only with
 * {@code ?force=true}, which closes them (their runners stop) first. Destinations under
 * {@code /groups/{id}/destinations} are handed to {@link DestinationsApi}.
 */
final class GroupsApi implements Resource {
    private final CentralStores stores;
    private final Refs refs;
    private final DestinationsApi destinations;

    GroupsApi(CentralStores stores, Refs refs, DestinationsApi destinations) {
        this.stores = stores;
        this.refs = refs;
        this.destinations = destinations;
    }

    @Override
    public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
        if (r.path().size() >= 3 && "destinations".equals(r.segment(2))) {
            return destinations.handle(c, r, changes);
        }
        if (r.is("POST", 1)) {
            return ApiResponse.created(create(c, Fields.object(r.body()), null));
        }
        if (r.is("GET", 1)) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (AgentGroup g : stores.groups().agentGroups(c)) {
                all.add(view(c, g));
            }
            return ApiResponse.ok(all);
        }
        if (r.path().size() == 2) {
            AgentGroup g = refs.group(c, "group", r.segment(1));
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(view(c, g));
                case "PATCH" -> ApiResponse.ok(patch(c, g, Fields.object(r.body()), changes));
                case "DELETE" -> ApiResponse.ok(delete(c, g, "true".equals(r.query("force")), changes));
                default -> throw ApiException.noRoute(r);
            };
        }
        throw ApiException.noRoute(r);
    }

    /** Creates group {@code body}; its container config is {@code base} (null: defaults) overridden by the body. */
    Map<String, Object> create(Connection c, JsonNode body, io.tandem.host.central.Rows.ContainerConfig base)
            throws SQLException {
        Fields.only(body, "id", "name", "folder", "agent", "runtime", "network", "timezone", "max_messages_per_batch");
        String id = Fields.safeId("id", Fields.required(body, "id"));
        String folder = Fields.safeId("folder", body.has("folder") ? Fields.required(body, "folder") : id);
        String name = Fields.text(body, "name");
        if (stores.groups().agentGroup(c, id).isPresent()) {
            throw ApiException.conflict("id: group " + id + " already exists");
        }
        var other = stores.groups().agentGroupByFolder(c, folder);
        if (other.isPresent()) {
            throw ApiException.conflict("folder: " + folder + " is already the folder of group " + other.get().id());
        }
        var cfg = GroupConfigs.merge(id, base, body);
        stores.groups().insertAgentGroup(c, id, name == null ? id : name, folder);
        stores.groups().saveContainerConfig(c, cfg);
        return view(c, stores.groups().agentGroup(c, id).orElseThrow());
    }

    private Map<String, Object> patch(Connection c, AgentGroup g, JsonNode body, Changes changes)
            throws SQLException {
        Fields.only(body, "name", "agent", "runtime", "network", "timezone", "max_messages_per_batch", "id", "folder");
        if (body.has("id") || body.has("folder")) {
            throw ApiException.badRequest((body.has("id") ? "id" : "folder") + " of a group cannot change");
        }
        if (body.has("name")) {
            String name = Fields.required(body, "name");
            stores.groups().renameAgentGroup(c, g.id(), name);
            // a destination's display name is the group's name
            stores.groups().groupsWithDestinationTo(c, io.tandem.schema.rows.DestinationType.AGENT, g.id())
                    .forEach(changes::reproject);
        }
        var base = stores.groups().containerConfig(c, g.id()).orElse(null);
        stores.groups().saveContainerConfig(c, GroupConfigs.merge(g.id(), base, body));
        return view(c, stores.groups().agentGroup(c, g.id()).orElseThrow());
    }

    private Map<String, Object> delete(Connection c, AgentGroup g, boolean force, Changes changes)
            throws SQLException {
        List<SessionListing> active = stores.sessions().listSessions(c, g.id(), SessionStatus.ACTIVE);
        if (!active.isEmpty() && !force) {
            throw ApiException.conflict("group " + g.id() + " has " + active.size()
                    + " active session(s); close them or delete with force=true");
        }
        for (SessionListing s : active) {
            stores.sessions().closeSession(c, s.id());
            changes.closed(s.id(), s.agentGroupId());
        }
        for (String other : stores.groups().groupsWithDestinationTo(c, io.tandem.schema.rows.DestinationType.AGENT,
                g.id())) {
            if (!other.equals(g.id())) {
                changes.reproject(other);
            }
        }
        stores.groups().deleteAgentGroup(c, g.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deleted", g.id());
        m.put("closed_sessions", active.stream().map(SessionListing::id).toList());
        return m;
    }

    private Map<String, Object> view(Connection c, AgentGroup g) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("name", g.name());
        m.put("folder", g.folder());
        m.putAll(GroupConfigs.view(stores.groups().containerConfig(c, g.id()).orElse(null)));
        return m;
    }
}
