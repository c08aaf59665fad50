package io.tandem.host.approvals.requests;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApiException;
import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a handler inside a SAVEPOINT of the caller's central transaction: a refusal rolls back
 * only the handler's writes (the decision around it still commits), and a dry run (at filing, to
 * refuse a request that could never be carried out) rolls back even a success.
 */
final class HandlerRun {
    private HandlerRun() {
    }

    /** Either what the handler did or why it refused. */
    record Result(Effects effects, String refusal) {
        boolean ok() {
            return refusal == null;
        }
    }

    static Result run(Connection tx, ApprovalHandler h, JsonNode payload, String groupId, boolean keep)
            throws SQLException {
        Sql.exec(tx, "SAVEPOINT approval_handler");
        Result r;
        try {
            r = new Result(h.run(tx, payload, groupId), null);
        } catch (ApiException | IllegalArgumentException e) {
            r = new Result(null, h.action() + ": " + e.getMessage());
        } catch (SQLException | RuntimeException e) {
            Sql.exec(tx, "ROLLBACK TO approval_handler");
            Sql.exec(tx, "RELEASE approval_handler");
            throw e;
        }
        if (!r.ok() || !keep) {
            Sql.exec(tx, "ROLLBACK TO approval_handler");
        }
        Sql.exec(tx, "RELEASE approval_handler");
        return r;
    }
}
