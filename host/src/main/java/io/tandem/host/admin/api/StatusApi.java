package io.tandem.host.admin.api;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.central.Rows.SessionListing;
import io.tandem.host.session.SessionRef;
import io.tandem.host.status.LiveHost;
import io.tandem.host.status.SessionFigures;
import io.tandem.host.status.SessionStats;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /admin/v1/status}: the host on one screen (issue 11 section 2) — its process and
 * listeners, adapters, agent groups, the most recently active sessions with their figures, runner
 * slots and queue, the sweep's last pass and the last WARN/ERROR events. Central is read once on
 * its read connection; each listed session's files on that session's lane
 * ({@link SessionStats}), all lanes at once. The work is bounded: only active sessions, at most
 * {@link #MAX_SESSIONS} of them (the answer says how many are active). Without a running host
 * (the CLI's direct path) it answers what the files say, with {@code host.running = false}.
 */
final class StatusApi implements SessionResource {
    static final int MAX_SESSIONS = 50;

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores stores;
    private final SessionStats stats;
    private final LiveHost live;

    StatusApi(Path dataDir, CentralDb central, CentralStores stores, SessionStats stats, LiveHost live) {
        this.dataDir = dataDir;
        this.central = central;
        this.stores = stores;
        this.stats = stats;
        this.live = live;
    }

    private record Group(AgentGroup group, String runtime) {
    }

    private record CentralView(List<Group> groups, List<SessionListing> active) {
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest r) {
        if (!r.is("GET", 1)) {
            throw ApiException.noRoute(r);
        }
        Optional<LiveHost.Snapshot> host = live.snapshot();
        return central.read(c -> {
            List<Group> groups = new ArrayList<>();
            for (AgentGroup g : stores.groups().agentGroups(c)) {
                groups.add(new Group(g, stores.groups().containerConfig(c, g.id()).map(ContainerConfig::runtime)
                        .map(io.tandem.schema.rows.RuntimeKind::wire).orElse(GroupConfigs.DEFAULT_RUNTIME)));
            }
            return new CentralView(groups, stores.sessions().listSessions(c, null, SessionStatus.ACTIVE));
        }).thenCompose(view -> {
            List<SessionListing> shown = view.active().stream()
                    .filter(s -> Ids.isSafe(s.agentGroupId()) && Ids.isSafe(s.id())).limit(MAX_SESSIONS).toList();
            List<CompletableFuture<SessionFigures>> figures = new ArrayList<>();
            for (SessionListing s : shown) {
                figures.add(stats.read(new SessionRef(s.id(), s.agentGroupId(),
                        SessionPaths.of(dataDir, s.agentGroupId(), s.id())))
                        .exceptionally(err -> SessionFigures.unreadable(String.valueOf(err.getMessage()))));
            }
            return CompletableFuture.allOf(figures.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<Map<String, Object>> sessions = new ArrayList<>();
                for (int i = 0; i < shown.size(); i++) {
                    sessions.add(session(shown.get(i), figures.get(i).join(), host));
                }
                return ApiResponse.ok(body(view, sessions, host));
            });
        });
    }

    private Map<String, Object> body(CentralView view, List<Map<String, Object>> sessions,
                                     Optional<LiveHost.Snapshot> host) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("running", host.isPresent());
        host.ifPresent(s -> {
            h.put("pid", s.pid());
            h.put("version", s.version());
            h.put("started_at", s.startedAt());
            h.put("uptime_s", s.uptimeSeconds());
            h.put("http", s.http());
            h.put("admin", s.admin());
        });
        h.put("data", dataDir.toString());
        m.put("host", h);
        m.put("adapters", host.map(LiveHost.Snapshot::adapters).orElse(List.of()));
        Map<String, Integer> perGroup = new HashMap<>();
        view.active().forEach(s -> perGroup.merge(s.agentGroupId(), 1, Integer::sum));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Group g : view.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("id", g.group().id());
            gm.put("name", g.group().name());
            gm.put("runtime", g.runtime());
            gm.put("sessions", perGroup.getOrDefault(g.group().id(), 0));
            groups.add(gm);
        }
        m.put("groups", groups);
        m.put("sessions_active", view.active().size());
        m.put("sessions", sessions);
        m.put("runners", host.map(LiveHost.Snapshot::runners).orElse(null));
        m.put("sweep", host.map(LiveHost.Snapshot::sweep).orElse(null));
        m.put("quarantined", host.map(LiveHost.Snapshot::quarantined).orElse(Map.of()));
        m.put("errors", host.map(LiveHost.Snapshot::errors).orElse(List.of()));
        return m;
    }

    private static Map<String, Object> session(SessionListing s, SessionFigures f, Optional<LiveHost.Snapshot> host) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("group", s.agentGroupId());
        m.put("chat", s.channelType() == null ? null : s.channelType() + ":" + s.platformId());
        m.put("thread", s.threadId());
        m.put("container", s.containerStatus().wire());
        m.put("runner", host.map(h -> h.runners().slots().getOrDefault(s.id(), "none")).orElse(null));
        m.put("last_in", f.lastIn());
        m.put("last_out", f.lastOut());
        m.put("due", f.due());
        m.put("scheduled", f.scheduled());
        m.put("failed", f.failed());
        m.put("failed_deliveries", f.failedDeliveries());
        m.put("heartbeat_at", f.heartbeatAt());
        m.put("heartbeat_age_s", f.heartbeatAgeSeconds());
        m.put("quarantined", host.map(h -> h.quarantined().get(s.id())).orElse(null));
        if (f.unreadable() != null) {
            m.put("unreadable", f.unreadable());
        }
        return m;
    }
}
