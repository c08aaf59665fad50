package io.tandem.host.approvals.requests;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What an approved agent request does (DESIGN 5.7), one per {@code action} name, registered in
 * {@link ApprovalHandlers}. {@link #run} works inside the central transaction that marks the
 * approval decided, so the change and the decision commit together or not at all; it refuses a
 * bad payload by throwing {@link IllegalArgumentException} or the admin API's {@code ApiException}
 * naming the field, and leaves everything outside central to {@link Effects} run after the commit.
 */
public interface ApprovalHandler {
    /** The {@code action} an agent names in its {@code request}. */
    String action();

    /** Carries out {@code payload} for {@code requestingGroupId}, the group whose agent asked. */
    Effects run(Connection tx, JsonNode payload, String requestingGroupId) throws SQLException;
}
