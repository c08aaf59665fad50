package io.tandem.host.admin.api;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One admin resource. {@link #handle} runs on the central lane: inside the write transaction for
 * a change, on the read connection for a GET. It answers, or throws {@link ApiException}, which
 * rolls the transaction back.
 */
interface Resource {
    ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException;
}
