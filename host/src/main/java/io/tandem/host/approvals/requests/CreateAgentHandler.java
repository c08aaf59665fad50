package io.tandem.host.approvals.requests;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApprovedChanges;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code create_agent} {@code {"name", "folder"?, "agent"?}}: a new agent group (id = folder,
 * default the name) with the requesting group's container config (agent, runtime, time zone,
 * batch cap) unless the payload gives its own {@code agent}; validated as the admin API's
 * {@code POST /groups} does. Its folder is created after the commit.
 */
final class CreateAgentHandler implements ApprovalHandler {
    private final ApprovedChanges changes;

    CreateAgentHandler(ApprovedChanges changes) {
        this.changes = changes;
    }

    @Override
    public String action() {
        return "create_agent";
    }

    @Override
    public Effects run(Connection tx, JsonNode payload, String requestingGroupId) throws SQLException {
        ApprovedChanges.Applied a = changes.createAgent(tx, requestingGroupId, payload);
        return new Effects("agent group " + a.view().get("id") + " created", a.reproject(), a.newFolder());
    }
}
