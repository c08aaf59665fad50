package io.tandem.host.containers;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.rows.ContainerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 1 s stat pass over running sessions. Stat is cheap (microseconds) where opening a database
 * is not, so this pass opens nothing: it notices a changed {@code outbound.db} (the watch's
 * fallback), marks a runner {@code running} at its first heartbeat, and kills a runner whose
 * liveness ({@code now - max(.heartbeat mtime, spawn time)}) passed {@code sweep.heartbeat_stale}.
 * Then it runs the slot pass. Runs on its own thread, never on an event loop; an error is logged
 * and the next pass runs.
 */
public final class RunnerMonitor implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RunnerMonitor.class);

    private final RunnerSupervisor supervisor;
    private final CentralDb central;
    private final CentralStores store;
    private final Consumer<SessionRef> onOutboundChange;
    private final Runnable slotPass;
    private final Duration stale;
    private final Clock clock;
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();
    /**
     * Runs marked {@code running}, by session and spawn instant (not pid: the sessions of a shared
     * runner JVM share one), so a new run of a session is marked again and no run marks another.
     */
    private final Set<String> markedRunning = ConcurrentHashMap.newKeySet();

    /**
     * @param slotPass runs after each pass: while sessions wait for a slot, the controller probes
     *                 running sessions for idleness and applies the scheduler's plan
     */
    public RunnerMonitor(RunnerSupervisor supervisor, CentralDb central, CentralStores store,
                         Consumer<SessionRef> onOutboundChange, Runnable slotPass, Duration stale, Clock clock) {
        this.supervisor = supervisor;
        this.slotPass = slotPass;
        this.central = central;
        this.store = store;
        this.onOutboundChange = onOutboundChange;
        this.stale = stale;
        this.clock = clock;
    }

    @Override
    public void run() {
        Set<String> live = new HashSet<>();
        Set<String> runs = new HashSet<>();
        for (RunnerHandle h : supervisor.handles()) {
            try {
                check(h);
                live.add(h.session().sessionId());
                runs.add(run(h));
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("session", h.session().sessionId()).setCause(e).log("monitor.check_failed");
            }
        }
        lastSeen.keySet().retainAll(live);
        markedRunning.retainAll(runs);
        slotPass.run();
    }

    private void check(RunnerHandle h) {
        SessionRef s = h.session();
        String sig = signature(s.paths().outboundDb());
        String before = lastSeen.put(s.sessionId(), sig);
        if (!sig.equals(before) && !"missing".equals(sig)) {
            onOutboundChange.accept(s);
        }
        String run = run(h);
        RunnerLiveness.Decision d = RunnerLiveness.decide(h.spawnedAt(), mtime(s.paths().heartbeat()),
                h.process().isAlive(), markedRunning.contains(run), clock.instant(), stale);
        if (d.markRunning() && markedRunning.add(run)) {
            central.submit(c -> {
                store.sessions().setContainerStatus(c, s.sessionId(), ContainerStatus.RUNNING);
                return null;
            });
        }
        if (d.kill()) {
            supervisor.kill(s.sessionId(), HostMetrics.StopReason.STALE_HEARTBEAT,
                    "heartbeat older than sweep.heartbeat_stale (" + stale + ")");
        }
    }

    /** One run of a session: its id and spawn instant. */
    private static String run(RunnerHandle h) {
        return h.session().sessionId() + "@" + h.spawnedAt();
    }

    private static String signature(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    private static Instant mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return null;
        }
    }
}
