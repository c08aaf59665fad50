package io.tandem.host.admin.api;

import io.tandem.host.central.CentralStores;
import java.sql.Connection;
import java.sql.SQLException;

/** {@code GET /admin/v1/drops}: the {@code unregistered_senders} audit, newest first ({@code ?limit=}, default 100). */
final class DropsApi implements Resource {
    private static final int DEFAULT_LIMIT = 100;
    private final CentralStores stores;

    DropsApi(CentralStores stores) {
        this.stores = stores;
    }

    @Override
    public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
        if (!r.is("GET", 1)) {
            throw ApiException.noRoute(r);
        }
        int limit = DEFAULT_LIMIT;
        if (r.query("limit") != null) {
            try {
                limit = Integer.parseInt(r.query("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                throw ApiException.badRequest("limit must be a positive integer");
            }
        }
        return ApiResponse.ok(stores.audit().drops(c, limit).stream().map(Views::drop).toList());
    }
}
