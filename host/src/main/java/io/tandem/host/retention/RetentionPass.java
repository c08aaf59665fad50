package io.tandem.host.retention;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows;
import io.tandem.host.session.InboundDb;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention pass (issue 11): old finished rows out of every active session's inbound.db
 * ({@link SessionRetention}), the drop audit out of central, closed sessions' folders archived or
 * deleted ({@link ClosedSessionFolders}), then {@code PRAGMA incremental_vacuum} on central. Each
 * session's work runs on its own lane, the central work in short transactions on the central lane,
 * in bounded chunks, so neither is held for long. Like HikariCP's housekeeper it logs and never
 * dies: one broken session is logged and skipped, a failed pass is tried again at the next period,
 * and passes never overlap. Outbound rows are the runner's to delete (single writer).
 */
public final class RetentionPass implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RetentionPass.class);
    /** How often the pass runs (the first run is shortly after start). */
    public static final Duration EVERY = Duration.ofHours(6);
    static final int CHUNK = 500;

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores store;
    private final SessionLanes lanes;
    private final InboundDb inbound;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final SessionRetention sessions;
    private final ClosedSessionFolders folders;
    private final AtomicBoolean running = new AtomicBoolean();

    public RetentionPass(Path dataDir, CentralDb central, CentralStores store, SessionLanes lanes, InboundDb inbound,
                         RetentionPolicy policy, Clock clock) {
        this.dataDir = dataDir;
        this.central = central;
        this.store = store;
        this.lanes = lanes;
        this.inbound = inbound;
        this.policy = policy;
        this.clock = clock;
        this.sessions = new SessionRetention(inbound);
        this.folders = new ClosedSessionFolders(dataDir);
    }

    /** What one pass removed. */
    public record Summary(int messages, int delivered, int dropAudit, int closedFolders, int failedSessions) {
        static final Summary NONE = new Summary(0, 0, 0, 0, 0);
    }

    @Override
    public void run() {
        pass();
    }

    /** Runs one pass; completes with what it removed ({@link Summary#NONE} at once if one is running). */
    public CompletableFuture<Summary> pass() {
        if (!running.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(Summary.NONE);
        }
        Instant now = clock.instant();
        long t0 = System.nanoTime();
        AtomicInteger messages = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<Void> perSession = policy.messagesCutoff(now).map(cutoff ->
                central.read(store.sessions()::activeSessions).thenCompose(rows -> CompletableFuture.allOf(rows.stream()
                        .map(r -> session(r, cutoff, messages, delivered, failed))
                        .toArray(CompletableFuture[]::new)))).orElse(CompletableFuture.completedFuture(null));
        return perSession
                .thenCompose(v -> dropAudit(now))
                .thenCompose(audit -> closedSessions(now).thenApply(closed ->
                        new Summary(messages.get(), delivered.get(), audit, closed, failed.get())))
                .thenCompose(s -> central.submit(c -> {
                    Sql.exec(c, "PRAGMA incremental_vacuum");
                    return s;
                }))
                .whenComplete((s, err) -> {
                    running.set(false);
                    if (err != null) {
                        log.atWarn().addKeyValue("error", err.toString()).log("retention.failed");
                    } else {
                        log.atInfo().addKeyValue("messages", s.messages()).addKeyValue("delivered", s.delivered())
                                .addKeyValue("drop_audit", s.dropAudit()).addKeyValue("closed_folders",
                                        s.closedFolders()).addKeyValue("failed_sessions", s.failedSessions())
                                .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000).log("retention.pass");
                    }
                });
    }

    private CompletableFuture<Void> session(Rows.SessionRow r, String cutoff, AtomicInteger messages,
                                            AtomicInteger delivered, AtomicInteger failed) {
        return lanes.submit(r.id(), () -> {
            SessionPaths paths = SessionPaths.of(dataDir, r.agentGroupId(), r.id());
            if (!java.nio.file.Files.exists(paths.inboundDb()) || inbound.quarantine().isQuarantined(r.id())) {
                return null;
            }
            SessionRetention.Deleted d = sessions.run(paths, cutoff);
            messages.addAndGet(d.messages());
            delivered.addAndGet(d.delivered());
            if (d.total() > 0) {
                log.atDebug().addKeyValue("session", r.id()).addKeyValue("messages", d.messages())
                        .addKeyValue("delivered", d.delivered()).log("retention.session");
            }
            return null;
        }).handle((v, err) -> {
            if (err != null) {
                failed.incrementAndGet();
                log.atWarn().addKeyValue("session", r.id()).addKeyValue("error", err.toString())
                        .log("retention.session_failed");
            }
            return null;
        });
    }

    private CompletableFuture<Integer> dropAudit(Instant now) {
        return policy.dropAuditCutoff(now).map(cutoff -> dropAuditChunk(cutoff, 0))
                .orElse(CompletableFuture.completedFuture(0));
    }

    private CompletableFuture<Integer> dropAuditChunk(String cutoff, int sofar) {
        return central.tx(c -> Sql.update(c, "DELETE FROM unregistered_senders WHERE rowid IN (SELECT rowid FROM "
                + "unregistered_senders WHERE last_seen < ? LIMIT ?)", cutoff, CHUNK)).thenCompose(n ->
                n < CHUNK ? CompletableFuture.completedFuture(sofar + n) : dropAuditChunk(cutoff, sofar + n));
    }

    private record Closed(String id, String agentGroupId) {
    }

    private CompletableFuture<Integer> closedSessions(Instant now) {
        return policy.closedSessionsCutoff(now).map(cutoff -> central.read(c -> Sql.list(c,
                "SELECT id, agent_group_id FROM sessions WHERE status = 'closed' "
                        + "AND coalesce(last_active, created_at) < ?", rs -> new Closed(rs.getString(1),
                        rs.getString(2)), cutoff)).thenCompose(this::retire))
                .orElse(CompletableFuture.completedFuture(0));
    }

    private CompletableFuture<Integer> retire(List<Closed> closed) {
        AtomicInteger n = new AtomicInteger();
        return CompletableFuture.allOf(closed.stream().map(s -> lanes.submit(s.id(), () -> {
            inbound.idle(SessionPaths.of(dataDir, s.agentGroupId(), s.id()));
            if (folders.retire(s.agentGroupId(), s.id(), policy.closedAction())) {
                n.incrementAndGet();
                log.atInfo().addKeyValue("session", s.id()).addKeyValue("action",
                        policy.closedAction().name().toLowerCase(java.util.Locale.ROOT)).log("retention.closed_session");
            }
            return null;
        }).handle((v, err) -> {
            if (err != null) {
                log.atWarn().addKeyValue("session", s.id()).addKeyValue("error", err.toString())
                        .log("retention.closed_session_failed");
            }
            return null;
        })).toArray(CompletableFuture[]::new)).thenApply(v -> n.get());
    }
}
