package io.tandem.host.session;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.containers.RunnerLauncher;
import io.tandem.host.containers.RunnerScheduler;
import io.tandem.host.containers.RunnerSupervisor;
import io.tandem.host.containers.SlotPolicy;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.sweep.Timers;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.ContainerStatus;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session controller's I/O shell (issue 5 section 3): every coordination of one session —
 * ack sync, recovery, wake, start — goes through {@link #request}, which on the session's lane
 * reads a {@link SessionSnapshot} in one pass, asks the pure {@link SessionDecisions#decide}, applies
 * its inbound writes in at most one transaction, and carries out the rest through the runner
 * scheduler, the launcher and the timers. The router, the sweep, the timers, the stat pass and
 * runner exits only ask it to run; requests for a session already waiting for its lane coalesce.
 *
 * <p>Spawns happen on the session's lane too, after the scheduler holds the slot as STARTING; the
 * snapshot reads that presence on the lane, so recovery can never run while a runner of ours may
 * be starting or running (issue 5 bug 4).
 */
public final class SessionController implements SessionWaker {
    private static final Logger log = LoggerFactory.getLogger(SessionController.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final CentralDb central;
    private final CentralStores store;
    private final SessionLanes lanes;
    private final InboundDb inbound;
    private final RunnerScheduler scheduler;
    private final RunnerSupervisor supervisor;
    private final RunnerLauncher launcher;
    private final Timers timers;
    private final Clock clock;
    private final int maxTries;
    private final SessionRefs refs;
    private final SessionSnapshotReader reader;
    private final SessionStateReader writer = new SessionStateReader();
    private final Set<String> queuedRuns = ConcurrentHashMap.newKeySet();
    private final RowsFinished finished;

    /** A controller with nothing to do when rows finish beyond setting their status (tests). */
    public SessionController(Path dataDir, CentralDb central, CentralStores store, SessionLanes lanes,
                             InboundDb inbound, RunnerScheduler scheduler, RunnerSupervisor supervisor,
                             RunnerLauncher launcher, Timers timers, Clock clock, int maxTries) {
        this(dataDir, central, store, lanes, inbound, scheduler, supervisor, launcher, timers, clock, maxTries,
                RowsFinished.NONE);
    }

    public SessionController(Path dataDir, CentralDb central, CentralStores store, SessionLanes lanes,
                             InboundDb inbound, RunnerScheduler scheduler, RunnerSupervisor supervisor,
                             RunnerLauncher launcher, Timers timers, Clock clock, int maxTries,
                             RowsFinished finished) {
        this.finished = finished;
        this.central = central;
        this.store = store;
        this.lanes = lanes;
        this.inbound = inbound;
        this.scheduler = scheduler;
        this.supervisor = supervisor;
        this.launcher = launcher;
        this.timers = timers;
        this.clock = clock;
        this.maxTries = maxTries;
        this.refs = new SessionRefs(dataDir, central, store);
        this.reader = new SessionSnapshotReader(inbound.outbound());
    }

    /** A wake by id (router, delivery): a running runner finds new rows by itself. */
    @Override
    public void wake(String sessionId) {
        RunnerPresence p = scheduler.presence(sessionId);
        if (p == RunnerPresence.RUNNING || p == RunnerPresence.STARTING) {
            // new work: the runner is no longer a candidate for idle eviction
            scheduler.observed(sessionId, true);
            log.atDebug().addKeyValue("session", sessionId).addKeyValue("presence", p).log("wake.skipped");
            return;
        }
        refs.resolve(sessionId).thenAccept(r -> r.ifPresent(ref -> request(ref, "wake")));
    }

    /** Asks the controller to run for {@code s}; coalesces with a run already waiting for the lane. */
    public CompletableFuture<Void> request(SessionRef s, String why) {
        return run(s, why).thenApply(decided -> null);
    }

    /**
     * {@link #request}, telling the caller what the run decided (the sweep's hook: it skips a
     * session whose last run decided nothing but a future wake, issue 6). Empty when the request
     * coalesced with a run already waiting, the session has no folder, or the run failed: the
     * caller then knows nothing and must not treat the session as quiet. Decisions are unchanged.
     */
    public CompletableFuture<Optional<List<SessionAction>>> requestDecided(SessionRef s, String why) {
        return run(s, why).thenApply(Optional::ofNullable);
    }

    private CompletableFuture<List<SessionAction>> run(SessionRef s, String why) {
        refs.remember(s);
        if (!queuedRuns.add(s.sessionId())) {
            log.atDebug().addKeyValue("session", s.sessionId()).addKeyValue("why", why).log("controller.coalesced");
            return CompletableFuture.completedFuture(null);
        }
        log.atDebug().addKeyValue("session", s.sessionId()).addKeyValue("why", why).log("controller.requested");
        return lanes.submit(s.sessionId(), () -> {
            queuedRuns.remove(s.sessionId());
            return runOnLane(s, why);
        }).exceptionally(err -> {
            log.atError().addKeyValue("session", s.sessionId()).addKeyValue("why", why).setCause(err)
                    .log("controller.failed");
            // a slot held for this run goes back, and the run is tried again (not left to the sweep)
            if (scheduler.releaseReservation(s.sessionId())) {
                pump();
            }
            timers.arm(wakeKey(s.sessionId()), clock.instant().plus(RETRY_AFTER_FAILURE),
                    () -> request(s, "retry-after-failure"));
            return null;
        });
    }

    /** Runs the controller once on the session's lane; returns what it decided, null without a folder. */
    private List<SessionAction> runOnLane(SessionRef s, String why) throws Exception {
        if (!java.nio.file.Files.exists(s.paths().root())) {
            return null;
        }
        Instant now = clock.instant();
        List<SessionAction> actions;
        SessionSnapshotReader.Runner runner = reader.runner(s, () -> scheduler.presence(s.sessionId()));
        java.util.concurrent.atomic.AtomicBoolean rowsAdded = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            actions = inbound.with(s.paths(), c -> {
                SessionSnapshot snap = reader.read(c, s, runner);
                List<SessionAction> decided = SessionDecisions.decide(snap, now, maxTries);
                rowsAdded.set(applyWrites(c, s, decided, now));
                return decided;
            });
        } catch (SessionQuarantinedException e) {
            actions = SessionDecisions.decide(SessionSnapshot.quarantined(s.sessionId(),
                    scheduler.presence(s.sessionId()), e.reason()), now, maxTries);
        }
        log.atDebug().addKeyValue("session", s.sessionId()).addKeyValue("why", why).addKeyValue("actions", actions)
                .log("controller.decided");
        for (SessionAction a : actions) {
            carryOut(s, a);
        }
        if (rowsAdded.get()) {
            // rows were added after the decisions (a recurring task's next run): run again, so a
            // runner starts for it or its timer is armed
            request(s, "rows-added");
        }
        return actions;
    }

    /** Ack sync and recovery in one transaction, with the work of the rows they finish ({@link RowsFinished}). */
    private boolean applyWrites(java.sql.Connection c, SessionRef s, List<SessionAction> actions, Instant now)
            throws java.sql.SQLException {
        List<SessionAction> writes = actions.stream()
                .filter(a -> a instanceof SessionAction.SyncAcks || a instanceof SessionAction.Recover
                        || a instanceof SessionAction.RetryFailed).toList();
        if (writes.isEmpty()) {
            return false;
        }
        RowsFinished.InTx onFinish = finished.prepare(c, s.paths(), RowsFinished.finishedBy(writes));
        return Sql.tx(c, tx -> {
            for (SessionAction a : writes) {
                if (a instanceof SessionAction.SyncAcks sync) {
                    writer.applyStatusChanges(tx, sync.changes());
                } else if (a instanceof SessionAction.Recover r) {
                    writer.applyRecovery(tx, r.decisions());
                } else if (a instanceof SessionAction.RetryFailed f) {
                    writer.applyRecovery(tx, f.retries().stream().map(RecoveryPolicy.Retry::decision).toList());
                }
            }
            return onFinish.apply(tx, s.sessionId(), now);
        });
    }

    private void carryOut(SessionRef s, SessionAction a) {
        String id = s.sessionId();
        if (a instanceof SessionAction.Recover r) {
            for (RecoveryPolicy.Decision d : r.decisions()) {
                log.atWarn().addKeyValue("session", id).addKeyValue("id", d.id()).addKeyValue("tries", d.tries())
                        .addKeyValue("status", d.status().wire()).addKeyValue("process_after", d.processAfter())
                        .log("recovery.retry");
            }
        } else if (a instanceof SessionAction.RetryFailed f) {
            FailedAttemptLog.log(id, f.retries());
        } else if (a instanceof SessionAction.StartRunner start) {
            SlotPolicy.Grant g = scheduler.request(id, start.oldestDue());
            log.atDebug().addKeyValue("session", id).addKeyValue("grant", g).log("wake.decision");
            if (g instanceof SlotPolicy.Granted) {
                launch(s);
            } else if (g instanceof SlotPolicy.Backoff b) {
                timers.arm(wakeKey(id), b.at(), () -> request(s, "backoff"));
            } else if (g instanceof SlotPolicy.Queued) {
                probeRunning();
                pump();
            }
        } else if (a instanceof SessionAction.ReleaseSlot) {
            scheduler.released(id);
            pump();
        } else if (a instanceof SessionAction.RetryAt r) {
            log.atDebug().addKeyValue("session", id).addKeyValue("at", r.at()).log("wake.lock_held_retry");
            timers.arm(wakeKey(id), r.at(), () -> request(s, "lock-retry"));
        } else if (a instanceof SessionAction.WakeAt w) {
            timers.arm(wakeKey(id), w.at(), () -> request(s, "due"));
        } else if (a instanceof SessionAction.Activity act) {
            scheduler.observed(id, act.busy());
            if (!act.busy() && scheduler.hasWaiting()) {
                pump();
            }
        } else if (a instanceof SessionAction.Quarantine q) {
            inbound.quarantine().quarantine(s.paths(), q.reason());
            scheduler.forget(id);
            scheduler.released(id);
            pump();
        }
    }

    private static String wakeKey(String sessionId) {
        return "wake:" + sessionId;
    }

    /** Reads the group's inputs from central, then starts the runner on the session's lane. */
    private void launch(SessionRef s) {
        String id = s.sessionId();
        central.read(c -> {
            var row = store.sessions().session(c, id).orElse(null);
            if (row == null || row.status() == io.tandem.schema.rows.SessionStatus.CLOSED) {
                return null; // closed (or deleted with its group) by an admin: no runner for it any more
            }
            var group = store.groups().agentGroup(c, row.agentGroupId()).orElseThrow();
            return new RunnerLauncher.Inputs(group, store.groups().containerConfig(c, group.id()).orElse(null),
                    store.groups().destinations(c, group.id()));
        }).thenCompose(in -> lanes.submit(id, () -> {
            if (in == null) {
                log.atInfo().addKeyValue("session", id).log("runner.not_started_session_closed");
                scheduler.released(id);
                return null;
            }
            if (!ExclusiveFileLock.isFree(s.paths().runnerLock())) {
                scheduler.released(id);
                timers.arm(wakeKey(id), clock.instant().plus(SessionDecisions.LOCK_RETRY),
                        () -> request(s, "lock-retry"));
                return null;
            }
            RunnerSupervisor.Started started = launcher.launch(s, in);
            scheduler.started(id);
            started.exit().thenAccept(this::exited);
            return started;
        })).whenComplete((started, err) -> {
            if (err != null) {
                Duration delay = scheduler.spawnFailed(id);
                log.atError().addKeyValue("session", id).addKeyValue("retry_in_ms", delay.toMillis()).setCause(err)
                        .log("runner.spawn_failed");
                timers.arm(wakeKey(id), clock.instant().plus(delay), () -> request(s, "spawn-retry"));
                pump();
            } else if (started != null) {
                setStatus(id, ContainerStatus.STARTING);
            } else {
                pump();
            }
        });
    }

    private void exited(RunnerSupervisor.Exit e) {
        SessionRef s = e.handle().session();
        String id = s.sessionId();
        Duration backoff = scheduler.exited(id, e.code(), e.handle().spawnedAt());
        setStatus(id, ContainerStatus.STOPPED);
        if (e.code() == io.tandem.schema.migrate.SessionSchema.NEWER_SESSION_FILE_EXIT) {
            lanes.submit(id, () -> inbound.quarantine().quarantine(s.paths(),
                    io.tandem.schema.migrate.SessionSchema.NEWER_SESSION_FILE + ": the runner refused a session file "
                            + "newer than it knows (exit " + e.code() + ")"));
            scheduler.forget(id);
        } else if (!backoff.isZero()) {
            log.atWarn().addKeyValue("session", id).addKeyValue("exit", e.code())
                    .addKeyValue("retry_in_ms", backoff.toMillis()).log("runner.died_young");
            timers.arm(wakeKey(id), clock.instant().plus(backoff), () -> request(s, "young-death-retry"));
        } else {
            request(s, "exit");
        }
        // the session is idle now: after the exit run on its lane, its connections close
        lanes.submit(id, () -> {
            inbound.idle(s.paths());
            return null;
        });
        pump();
    }

    private void setStatus(String sessionId, ContainerStatus status) {
        central.submit(c -> {
            store.sessions().setContainerStatus(c, sessionId, status);
            return null;
        });
    }

    /** Hands free slots to waiting sessions and asks idle runners to stop while others wait. */
    public void pump() {
        SlotPolicy.Plan p = scheduler.plan();
        for (String id : p.evict()) {
            supervisor.terminate(id, HostMetrics.StopReason.EVICTED, "idle while sessions wait for a slot");
        }
        for (String id : p.start()) {
            refs.resolve(id).whenComplete((r, err) -> {
                if (r != null && r.isPresent()) {
                    request(r.get(), "slot");
                } else {
                    scheduler.released(id);
                }
            });
        }
    }

    /** The 1 s pass: while sessions wait for a slot, find out which runners are idle. */
    public void tick() {
        if (scheduler.hasWaiting()) {
            probeRunning();
        }
        pump();
    }

    private void probeRunning() {
        for (String id : scheduler.running()) {
            refs.known(id).ifPresent(ref -> request(ref, "probe"));
        }
    }

    public RunnerPresence presence(String sessionId) {
        return scheduler.presence(sessionId);
    }

    public boolean isQuarantined(String sessionId) {
        return inbound.quarantine().isQuarantined(sessionId);
    }

    /** Ordered stop: no more grants, SIGTERM every runner, wait up to {@code grace}, then SIGKILL. */
    public void shutdown(Duration grace) {
        scheduler.close();
        supervisor.shutdown(grace);
    }
}
