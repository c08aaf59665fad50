package io.tandem.host.admin.api;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.Destination;
import io.tandem.host.central.Rows.SessionListing;
import io.tandem.host.containers.DestinationProjection;
import io.tandem.host.containers.RunnerSupervisor;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AdminEffects} of a running host. Re-projection reads the groups' destinations and active
 * sessions on the central read lane, then replaces each session's {@code destinations} table on
 * that session's lane (the host is the only writer of {@code inbound.db}; an unchanged projection
 * costs no commit), so a runner sees the change in its next batch. A closed session's runner gets
 * SIGTERM: it finishes cleanly and exits, and no new message reaches the closed session.
 */
public final class HostEffects implements AdminEffects {
    private static final Logger log = LoggerFactory.getLogger(HostEffects.class);

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores stores;
    private final SessionLanes lanes;
    private final DestinationProjection projection;
    private final RunnerSupervisor supervisor;

    public HostEffects(Path dataDir, CentralDb central, CentralStores stores, SessionLanes lanes,
                       DestinationProjection projection, RunnerSupervisor supervisor) {
        this.dataDir = dataDir;
        this.central = central;
        this.stores = stores;
        this.lanes = lanes;
        this.projection = projection;
        this.supervisor = supervisor;
    }

    private record Work(SessionListing session, List<Destination> destinations) {
    }

    @Override
    public void destinationsChanged(Set<String> agentGroupIds) {
        central.read(c -> {
            List<Work> work = new java.util.ArrayList<>();
            for (String g : agentGroupIds) {
                List<Destination> dests = stores.groups().destinations(c, g);
                for (SessionListing s : stores.sessions().listSessions(c, g, SessionStatus.ACTIVE)) {
                    work.add(new Work(s, dests));
                }
            }
            return work;
        }).thenAccept(all -> all.forEach(this::project)).exceptionally(err -> {
            log.atError().addKeyValue("groups", agentGroupIds).setCause(err).log("admin.reproject_failed");
            return null;
        });
    }

    private void project(Work w) {
        String id = w.session().id();
        lanes.submit(id, () -> {
            SessionPaths paths = SessionPaths.of(dataDir, w.session().agentGroupId(), id);
            if (!Files.isRegularFile(paths.inboundDb())) {
                return false;
            }
            boolean wrote = projection.project(paths, w.destinations());
            log.atDebug().addKeyValue("session", id).addKeyValue("wrote", wrote).log("admin.reprojected");
            return wrote;
        }).exceptionally(err -> {
            log.atWarn().addKeyValue("session", id).setCause(err).log("admin.reproject_failed");
            return false;
        });
    }

    @Override
    public void sessionsClosed(List<ClosedSession> sessions) {
        for (ClosedSession s : sessions) {
            log.atInfo().addKeyValue("session", s.sessionId()).log("admin.session_closed");
            supervisor.terminate(s.sessionId(), HostMetrics.StopReason.SESSION_CLOSED, "session closed by an admin");
        }
    }
}
