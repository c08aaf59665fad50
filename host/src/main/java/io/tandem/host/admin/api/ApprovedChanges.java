package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.schema.json.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * The admin changes an agent may ask a human for (DESIGN 5.7, agent requests), carried out by the
 * very code the admin API runs, so an approved request is validated and written exactly as an
 * operator's {@code POST} would be. Runs inside the caller's central transaction; a refusal throws
 * {@link ApiException} naming the field. What must happen after the commit (re-projecting
 * destinations, creating a group's folder) is returned, never done here.
 */
public final class ApprovedChanges {
    private final CentralStores stores;
    private final DestinationsApi destinations;
    private final GroupsApi groups;

    public ApprovedChanges(CentralStores stores) {
        this.stores = stores;
        Refs refs = new Refs(stores);
        this.destinations = new DestinationsApi(stores, refs);
        this.groups = new GroupsApi(stores, refs, destinations);
    }

    /**
     * What a change did: its admin view, the groups whose destinations must be re-projected, and
     * the folder of a new group (null when none).
     */
    public record Applied(Map<String, Object> view, Set<String> reproject, String newFolder) {
    }

    /** {@code payload} {@code {"name", "channel": "<type>:<platform_id>" | "agent": "<group>"}} for {@code groupId}. */
    public Applied addDestination(Connection c, String groupId, JsonNode payload) throws SQLException {
        AgentGroup g = stores.groups().agentGroup(c, groupId)
                .orElseThrow(() -> ApiException.notFound("group " + groupId + " no longer exists"));
        Changes changes = new Changes();
        Map<String, Object> view = destinations.create(c, g, Fields.object(payload), changes);
        return new Applied(view, Set.copyOf(changes.reproject), null);
    }

    /**
     * {@code payload} {@code {"name", "folder"?, "agent"?}}: a new group whose id is the folder
     * (default: the name, which must then be a safe id), with {@code templateGroupId}'s container
     * config unless the payload gives its own {@code agent}.
     */
    public Applied createAgent(Connection c, String templateGroupId, JsonNode payload) throws SQLException {
        JsonNode p = Fields.object(payload);
        Fields.only(p, "name", "folder", "agent");
        String name = Fields.required(p, "name");
        String folder = Fields.safeId(p.has("folder") ? "folder" : "name",
                p.has("folder") ? Fields.required(p, "folder") : name);
        ObjectNode body = Json.object().put("id", folder).put("name", name).put("folder", folder);
        if (p.has("agent")) {
            body.set("agent", p.get("agent"));
        }
        var base = stores.groups().containerConfig(c, templateGroupId).orElse(null);
        Map<String, Object> view = groups.create(c, body, base);
        return new Applied(view, Set.of(), folder);
    }
}
