package io.tandem.host.containers;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.schema.rows.ContainerStatus;
import io.tandem.host.central.Rows;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.session.SessionRef;
import io.tandem.host.session.SessionUpkeep;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.ids.SafePaths;
import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, tracks and stops runners (DESIGN 5.3). A wake is deduplicated per session and capped by
 * {@code containers.max_running} with a FIFO queue. Before a spawn: ack sync and recovery (only
 * while {@code runner.lock} is free), the destinations projection and {@code container.json}. When
 * a runner exits: ack sync, recovery, then a re-wake if work is due, or a timer for the next due
 * time. A runner that dies young is restarted with a growing delay, never in a tight loop.
 */
public final class ContainerManager implements SessionWaker {
    private static final Logger log = LoggerFactory.getLogger(ContainerManager.class);
    private static final Duration YOUNG = Duration.ofSeconds(3);
    private static final int EXIT_ALREADY_RUNNING = 6;
    private static final int EXIT_NEWER_SCHEMA = 5;

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores store;
    private final SessionLanes lanes;
    private final SessionFolders folders;
    private final SessionUpkeep upkeep;
    private final ProcessRuntime runtime;
    private final ContainerSpecFactory specs;
    private final DestinationProjection projection;
    private final int maxRunning;
    private final Clock clock;
    private final List<RunnerListener> listeners = new ArrayList<>();
    private BiConsumer<String, Instant> timers = (s, t) -> { };

    private final Map<String, RunnerHandle> running = new HashMap<>();
    private final Set<String> starting = new HashSet<>();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> quarantined = new HashSet<>();
    private final Map<String, Integer> youngDeaths = new HashMap<>();
    private boolean accepting = true;

    /** A live runner process and when it was spawned. */
    public record RunnerHandle(SessionRef session, Process process, Instant spawnedAt) {
    }

    public ContainerManager(Path dataDir, CentralDb central, CentralStores store, SessionLanes lanes,
                            SessionFolders folders, SessionUpkeep upkeep, ProcessRuntime runtime,
                            ContainerSpecFactory specs, DestinationProjection projection, int maxRunning, Clock clock) {
        this.dataDir = dataDir;
        this.central = central;
        this.store = store;
        this.lanes = lanes;
        this.folders = folders;
        this.upkeep = upkeep;
        this.runtime = runtime;
        this.specs = specs;
        this.projection = projection;
        this.maxRunning = maxRunning;
        this.clock = clock;
    }

    public void addListener(RunnerListener l) {
        listeners.add(l);
    }

    /** Where to ask for a wake at a later time (the retry timers). */
    public void setTimers(BiConsumer<String, Instant> timers) {
        this.timers = timers;
    }

    @Override
    public void wake(String sessionId) {
        synchronized (this) {
            if (!accepting || quarantined.contains(sessionId) || running.containsKey(sessionId)
                    || starting.contains(sessionId) || queue.contains(sessionId)) {
                return;
            }
            if (running.size() + starting.size() >= maxRunning) {
                queue.addLast(sessionId);
                log.atInfo().addKeyValue("session", sessionId).addKeyValue("queued", queue.size()).log("runner.queued");
                return;
            }
            starting.add(sessionId);
        }
        spawn(sessionId).whenComplete((handle, err) -> {
            synchronized (this) {
                starting.remove(sessionId);
                if (handle != null && handle.isPresent()) {
                    running.put(sessionId, handle.get());
                }
            }
            if (err != null) {
                log.atError().addKeyValue("session", sessionId).setCause(err).log("runner.spawn_failed");
                dieYoung(sessionId);
            } else if (handle.isPresent()) {
                RunnerHandle h = handle.get();
                listeners.forEach(l -> l.runnerStarted(h.session()));
                h.process().onExit().thenRun(() -> exited(h));
            }
            pump();
        });
    }

    public synchronized boolean isRunning(String sessionId) {
        return running.containsKey(sessionId) || starting.contains(sessionId);
    }

    public synchronized List<RunnerHandle> runningHandles() {
        return List.copyOf(running.values());
    }

    public synchronized int runningCount() {
        return running.size();
    }

    private CompletableFuture<Optional<RunnerHandle>> spawn(String sessionId) {
        return central.submit(c -> {
            Rows.SessionRow s = store.sessions().session(c, sessionId).orElseThrow(
                    () -> new IllegalStateException("no session " + sessionId));
            Rows.AgentGroup g = store.groups().agentGroup(c, s.agentGroupId()).orElseThrow();
            return new SpawnInputs(s, g, store.groups().containerConfig(c, g.id()).orElse(null),
                    store.groups().destinations(c, g.id()));
        }).thenCompose(in -> lanes.submit(sessionId, () -> spawnOnLane(in))).thenCompose(h -> {
            if (h.isEmpty()) {
                return CompletableFuture.completedFuture(h);
            }
            return central.submit(c -> {
                store.sessions().setContainerStatus(c, sessionId, ContainerStatus.STARTING);
                return h;
            });
        });
    }

    private record SpawnInputs(Rows.SessionRow session, Rows.AgentGroup group, Rows.ContainerConfig config,
                               List<Rows.Destination> destinations) {
    }

    private Optional<RunnerHandle> spawnOnLane(SpawnInputs in) throws Exception {
        SessionPaths paths = SessionPaths.of(dataDir, in.session().agentGroupId(), in.session().id());
        SessionRef ref = new SessionRef(in.session().id(), in.session().agentGroupId(), paths);
        if (!folders.exists(paths)) {
            return Optional.empty();
        }
        SessionUpkeep.Outcome o = upkeep.run(ref, true);
        if (!o.runnerLockFree()) {
            log.atInfo().addKeyValue("session", ref.sessionId()).log("runner.already_running");
            return Optional.empty();
        }
        if (!o.dueNow()) {
            o.nextDue().ifPresent(t -> timers.accept(ref.sessionId(), io.tandem.schema.time.Timestamps.parse(t)));
            return Optional.empty();
        }
        projection.project(paths, in.destinations());
        ContainerSpec spec = specs.build(ref.sessionId(), ref.agentGroupId(), in.config());
        spec.writeAtomically(paths.containerJson());
        Path groupDir = SafePaths.resolve(dataDir, "groups", in.group().folder());
        Files.createDirectories(groupDir);
        Path logFile = dataDir.resolve("logs").resolve("runner-" + ref.sessionId() + ".log");
        Process p = runtime.start(paths.root(), groupDir, logFile);
        log.atInfo().addKeyValue("session", ref.sessionId()).addKeyValue("pid", p.pid()).log("runner.spawned");
        return Optional.of(new RunnerHandle(ref, p, clock.instant()));
    }

    private void exited(RunnerHandle h) {
        String sessionId = h.session().sessionId();
        int code = h.process().exitValue();
        synchronized (this) {
            running.remove(sessionId);
        }
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("exit", code).log("runner.exited");
        listeners.forEach(l -> l.runnerStopped(h.session()));
        central.submit(c -> {
            store.sessions().setContainerStatus(c, sessionId, ContainerStatus.STOPPED);
            return null;
        });
        boolean young = Duration.between(h.spawnedAt(), clock.instant()).compareTo(YOUNG) < 0;
        if (code == EXIT_NEWER_SCHEMA) {
            synchronized (this) {
                quarantined.add(sessionId);
            }
            log.atError().addKeyValue("session", sessionId).addKeyValue("code", "TANDEM-E005")
                    .log("session.quarantined");
            pump();
            return;
        }
        if (code != 0 && code != EXIT_ALREADY_RUNNING && young) {
            dieYoung(sessionId);
            pump();
            return;
        }
        if (code == 0 || !young) {
            synchronized (this) {
                youngDeaths.remove(sessionId);
            }
        }
        afterExit(h.session());
        pump();
    }

    private void afterExit(SessionRef s) {
        lanes.submit(s.sessionId(), () -> upkeep.run(s, true)).whenComplete((o, err) -> {
            if (err != null) {
                log.atError().addKeyValue("session", s.sessionId()).setCause(err).log("recovery.failed");
                return;
            }
            if (o.dueNow()) {
                wake(s.sessionId());
            } else {
                o.nextDue().ifPresent(t -> timers.accept(s.sessionId(), io.tandem.schema.time.Timestamps.parse(t)));
            }
        });
    }

    private void dieYoung(String sessionId) {
        int n;
        synchronized (this) {
            n = youngDeaths.merge(sessionId, 1, Integer::sum);
        }
        long delay = Math.min(60_000L, 1000L << Math.min(n - 1, 6));
        log.atWarn().addKeyValue("session", sessionId).addKeyValue("retry_in_ms", delay).log("runner.died_young");
        timers.accept(sessionId, clock.instant().plusMillis(delay));
    }

    private void pump() {
        String next;
        synchronized (this) {
            if (!accepting || queue.isEmpty() || running.size() + starting.size() >= maxRunning) {
                return;
            }
            next = queue.pollFirst();
        }
        wake(next);
    }

    /** Kills a runner whose heartbeat went stale; its exit then triggers recovery. */
    public void killStale(String sessionId) {
        RunnerHandle h;
        synchronized (this) {
            h = running.get(sessionId);
        }
        if (h != null) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("pid", h.process().pid()).log("runner.stale_killed");
            h.process().descendants().forEach(ProcessHandle::destroyForcibly);
            h.process().destroyForcibly();
        }
    }

    /**
     * Ordered stop: no more spawns, SIGTERM every runner, wait up to {@code grace}, then SIGKILL
     * what remains together with its descendants.
     */
    public void shutdown(Duration grace) {
        List<RunnerHandle> all;
        synchronized (this) {
            accepting = false;
            queue.clear();
            all = List.copyOf(running.values());
        }
        all.forEach(h -> h.process().destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (RunnerHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !h.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    h.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    h.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.process().destroyForcibly();
            }
        }
    }
}
