package io.tandem.host.approvals.requests;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApprovedChanges;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code add_destination} {@code {"name", "channel": "<channel_type>:<platform_id>" | "agent":
 * "<group>"}}: a new name the requesting agent may send to, validated and stored as the admin
 * API's {@code POST /groups/{id}/destinations} does, then re-projected into the group's sessions.
 */
final class AddDestinationHandler implements ApprovalHandler {
    private final ApprovedChanges changes;

    AddDestinationHandler(ApprovedChanges changes) {
        this.changes = changes;
    }

    @Override
    public String action() {
        return "add_destination";
    }

    @Override
    public Effects run(Connection tx, JsonNode payload, String requestingGroupId) throws SQLException {
        ApprovedChanges.Applied a = changes.addDestination(tx, requestingGroupId, payload);
        return new Effects("destination " + a.view().get("name") + " added (" + a.view().get("type") + " "
                + a.view().getOrDefault("chat", a.view().get("target")) + ")", a.reproject(), null);
    }
}
