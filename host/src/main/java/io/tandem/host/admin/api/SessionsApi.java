package io.tandem.host.admin.api;

import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.SessionListing;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/v1/sessions}: sessions with their chat, state and message counts, and
 * {@code POST /sessions/{id}/close}, which marks the session closed in central (a new message then
 * opens a new session) and, after the commit, stops its runner. Counts are read from the
 * session's {@code inbound.db} read-only (the host stays its only writer); a file that cannot be
 * read now shows no counts rather than failing the listing.
 */
final class SessionsApi implements Resource {
    private final Path dataDir;
    private final CentralStores stores;

    SessionsApi(Path dataDir, CentralStores stores) {
        this.dataDir = dataDir;
        this.stores = stores;
    }

    @Override
    public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
        if (r.is("GET", 1)) {
            String group = r.query("group");
            if (group != null && stores.groups().agentGroup(c, group).isEmpty()) {
                throw ApiException.notFound("group: no group " + group);
            }
            SessionStatus status = Fields.wire(SessionStatus.class, "status", r.query("status"));
            List<Map<String, Object>> out = new ArrayList<>();
            for (SessionListing s : stores.sessions().listSessions(c, group, status)) {
                out.add(view(s));
            }
            return ApiResponse.ok(out);
        }
        if (r.path().size() >= 2) {
            SessionListing s = stores.sessions().sessionListing(c, r.segment(1))
                    .orElseThrow(() -> ApiException.notFound("session: no session " + r.segment(1)));
            if (r.is("GET", 2)) {
                return ApiResponse.ok(view(s));
            }
            if (r.is("POST", 3) && "close".equals(r.segment(2))) {
                if (!stores.sessions().closeSession(c, s.id())) {
                    throw ApiException.conflict("session " + s.id() + " is already closed");
                }
                changes.closed(s.id(), s.agentGroupId());
                return ApiResponse.ok(view(stores.sessions().sessionListing(c, s.id()).orElseThrow()));
            }
        }
        throw ApiException.noRoute(r);
    }

    private Map<String, Object> view(SessionListing s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("group", s.agentGroupId());
        m.put("channel", s.messagingGroupId());
        m.put("chat", s.channelType() == null ? null : s.channelType() + ":" + s.platformId());
        m.put("thread", s.threadId());
        m.put("status", s.status().wire());
        m.put("container_status", s.containerStatus().wire());
        m.put("last_active", s.lastActive());
        m.put("created_at", s.createdAt());
        m.putAll(counts(s));
        return m;
    }

    private Map<String, Object> counts(SessionListing s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!Ids.isSafe(s.agentGroupId()) || !Ids.isSafe(s.id())) {
            return m;
        }
        try {
            ReadResult<long[]> r = ReadOnlyReads.read(SessionPaths.of(dataDir, s.agentGroupId(), s.id()).inboundDb(),
                    c -> new long[] {
                        Sql.longValue(c, "SELECT count(*) FROM messages_in WHERE status = 'pending'"),
                        Sql.longValue(c, "SELECT count(*) FROM messages_in WHERE status = 'failed'"),
                        Sql.longValue(c, "SELECT count(*) FROM delivered WHERE status = 'failed'")});
            if (r.isOk()) {
                m.put("pending", r.value()[0]);
                m.put("failed", r.value()[1]);
                m.put("failed_deliveries", r.value()[2]);
            }
        } catch (SQLException | RuntimeException e) {
            m.put("counts_error", e.getMessage());
        }
        return m;
    }
}
