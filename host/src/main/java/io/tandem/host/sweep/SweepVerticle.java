package io.tandem.host.sweep;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows;
import io.tandem.host.delivery.DeliveryService;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.session.RunnerPresence;
import io.tandem.host.session.SessionController;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.session.SessionPaths;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop pass over every active session (DESIGN 5.6), first at start, then every
 * {@code sweep.interval}: it only asks the session controller to run (ack sync, recovery, wake,
 * timers are its decisions) and kicks a delivery pass. Each session is isolated: a broken one is
 * logged and skipped, never stops the sweep. The event loop only fires the period; the stats run
 * on a sweep thread that exists only during a pass, the visits on the session lanes. Timing never
 * depends on the sweep: wakes, retries and exits drive the controller directly.
 *
 * <p>Idle sessions cost nothing (issue 6): a session is visited only when {@link SweepSkip} says
 * so — its files changed since the last visit, the last visit was not quiet, a runner is present,
 * a reported {@code process_after} is due, or its backstop period ({@link #DEFAULT_BACKSTOP},
 * spread over a quarter of it per session so the full visits do not all land in one pass) passed.
 * Otherwise the pass costs two stat calls for it and opens no database. What the last visit
 * concluded is kept in memory, one small record per active session, dropped when the session
 * leaves the active list.
 */
public final class SweepVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(SweepVerticle.class);
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Every session is visited at least this often, changed or not. */
    public static final Duration DEFAULT_BACKSTOP = Duration.ofHours(1);

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores store;
    private final SessionController controller;
    private final DeliveryService delivery;
    private final Duration interval;
    private final Duration backstop;
    private final Clock clock;
    private final HostMetrics metrics;
    private final Map<String, LastVisit> visits = new ConcurrentHashMap<>();
    /** Resolved session paths by id (sweep thread only). */
    private final Map<String, SessionRef> refs = new HashMap<>();
    private final AtomicReference<CompletableFuture<Pass>> inFlight = new AtomicReference<>();
    /** The stat pass's thread: created for a pass, gone 10 s after it. */
    private final ThreadPoolExecutor statThread = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "host-sweep");
                t.setDaemon(true);
                return t;
            });
    private volatile Instant lastCompleted;
    private volatile Pass lastPass;
    private long periodic = -1;
    /** The clocks as read at the previous pass's start (sweep passes never overlap). */
    private ClockJump.Reading lastReading;

    /**
     * What one pass did: active sessions, visited, skipped (by stat), its wall time (of which the
     * central read and the stats; and the stats' CPU time), the verdicts counted, and the visited sessions with the reason for each.
     */
    public record Pass(int sessions, int visited, int skipped, long ms, long readMs, long statMs, long statCpuMs,
                       Map<SweepSkip.Verdict, Integer> verdicts, Map<String, SweepSkip.Verdict> visitedSessions) {
    }

    private record Planned(SessionRef ref, FileStamp stamp, Instant statAt) {
    }

    public SweepVerticle(Path dataDir, CentralDb central, CentralStores store, SessionController controller,
                         DeliveryService delivery, Duration interval, Clock clock) {
        this(dataDir, central, store, controller, delivery, interval, DEFAULT_BACKSTOP, clock);
    }

    /** @param backstop every session is visited at least this often, whatever its files say */
    public SweepVerticle(Path dataDir, CentralDb central, CentralStores store, SessionController controller,
                         DeliveryService delivery, Duration interval, Duration backstop, Clock clock) {
        this(dataDir, central, store, controller, delivery, interval, backstop, clock, HostMetrics.none());
    }

    /** As above; {@code metrics} times each pass and counts the failed ones. */
    public SweepVerticle(Path dataDir, CentralDb central, CentralStores store, SessionController controller,
                         DeliveryService delivery, Duration interval, Duration backstop, Clock clock,
                         HostMetrics metrics) {
        this.dataDir = dataDir;
        this.central = central;
        this.store = store;
        this.controller = controller;
        this.delivery = delivery;
        this.interval = interval;
        this.backstop = backstop;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        periodic = vertx.setPeriodic(1, interval.toMillis(), id -> sweep());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (periodic >= 0) {
            vertx.cancelTimer(periodic);
        }
        statThread.shutdown();
        return Future.succeededFuture();
    }

    /** When the last complete sweep finished (readiness: within two periods). */
    public Instant lastCompleted() {
        return lastCompleted;
    }

    /** What the last complete pass did (status); null before the first. */
    public Pass lastPass() {
        return lastPass;
    }

    public Duration interval() {
        return interval;
    }

    /**
     * Runs one pass, or joins the one still running; completes when every session it visits was
     * visited (the controller's run done; delivery passes it kicks run on).
     */
    public CompletableFuture<Pass> sweep() {
        CompletableFuture<Pass> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            CompletableFuture<Pass> running = inFlight.get();
            return running != null ? running : sweep();
        }
        long t0 = System.nanoTime();
        noticeClockJump(new ClockJump.Reading(clock.instant(), t0));
        central.read(store.sessions()::activeSessions)
                .thenApplyAsync(rows -> plan(rows, (System.nanoTime() - t0) / 1_000_000), statThread)
                .thenCompose(plan -> {
                    List<CompletableFuture<Void>> each = new ArrayList<>();
                    for (Planned p : plan.visit()) {
                        each.add(visit(p));
                    }
                    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                            .thenApply(v -> new Pass(plan.sessions(), plan.visit().size(),
                                    plan.sessions() - plan.visit().size(), (System.nanoTime() - t0) / 1_000_000,
                                    plan.readMs(), plan.statMs(), plan.statCpuMs(), plan.verdicts(), plan.why()));
                })
                .whenComplete((pass, err) -> {
                    inFlight.set(null);
                    if (err != null) {
                        metrics.sweepFailed();
                        log.atError().setCause(err).log("sweep.failed");
                        mine.completeExceptionally(err);
                        return;
                    }
                    lastCompleted = clock.instant();
                    lastPass = pass;
                    metrics.sweepPass(Duration.ofMillis(pass.ms()));
                    log.atInfo().addKeyValue("sessions", pass.sessions()).addKeyValue("visited", pass.visited())
                            .addKeyValue("skipped", pass.skipped()).addKeyValue("why", pass.verdicts())
                            .addKeyValue("read_ms", pass.readMs()).addKeyValue("stat_ms", pass.statMs())
                            .addKeyValue("stat_cpu_ms", pass.statCpuMs())
                            .addKeyValue("ms", pass.ms()).log("sweep.pass");
                    mine.complete(pass);
                });
        return mine;
    }

    /**
     * Logs a wall-clock jump since the previous pass, once: the reading replaces the previous one.
     * Timers armed before the jump fire after the time they were armed for has elapsed; rows'
     * {@code process_after} and {@code expires_at} compare against the new wall clock from now on.
     */
    private void noticeClockJump(ClockJump.Reading now) {
        ClockJump.Reading before = lastReading;
        lastReading = now;
        ClockJump.between(before, now, ClockJump.THRESHOLD).ifPresent(jump -> log.atWarn()
                .addKeyValue("jump_s", jump.toSeconds()).addKeyValue("direction", jump.isNegative() ? "back" : "forward")
                .addKeyValue("wall_before", before.wall()).addKeyValue("wall_now", now.wall())
                .log("clock.jump"));
    }

    private record Plan(int sessions, List<Planned> visit, Map<SweepSkip.Verdict, Integer> verdicts,
                        Map<String, SweepSkip.Verdict> why, long readMs, long statMs, long statCpuMs) {
    }

    /** On the sweep thread: one stat per session file and the skip decision; no database is opened. */
    private Plan plan(List<Rows.SessionRow> sessions, long readMs) {
        long t0 = System.nanoTime();
        long cpu0 = CPU.getCurrentThreadCpuTime();
        List<Planned> visit = new ArrayList<>();
        Map<SweepSkip.Verdict, Integer> verdicts = new EnumMap<>(SweepSkip.Verdict.class);
        Map<String, SweepSkip.Verdict> why = new HashMap<>();
        Set<String> active = new HashSet<>();
        for (Rows.SessionRow row : sessions) {
            active.add(row.id());
            SessionRef ref;
            FileStamp stamp;
            try {
                ref = ref(row);
                stamp = FileStamp.of(ref.paths());
            } catch (IOException | RuntimeException e) {
                log.atError().addKeyValue("session", row.id()).setCause(e).log("sweep.session_refused");
                continue;
            }
            Instant now = clock.instant();
            boolean runner = controller.presence(row.id()) != RunnerPresence.NONE;
            SweepSkip.Verdict v = SweepSkip.decide(visits.get(row.id()), stamp, runner, now);
            verdicts.merge(v, 1, Integer::sum);
            if (v.visit()) {
                log.atDebug().addKeyValue("session", row.id()).addKeyValue("why", v).log("sweep.visit");
                visit.add(new Planned(ref, stamp, now));
                why.put(row.id(), v);
            }
        }
        visits.keySet().retainAll(active);
        refs.keySet().retainAll(active);
        return new Plan(sessions.size(), visit, verdicts, why, readMs, (System.nanoTime() - t0) / 1_000_000,
                (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
    }

    /**
     * The session's ref, resolved once per host life: {@link SessionPaths#of} checks the path for
     * symbolic links and escapes with a dozen syscalls, which at 10,000 sessions would cost more
     * than the stats themselves.
     */
    private SessionRef ref(Rows.SessionRow row) {
        SessionRef known = refs.get(row.id());
        if (known != null && known.agentGroupId().equals(row.agentGroupId())) {
            return known;
        }
        SessionRef ref = new SessionRef(row.id(), row.agentGroupId(),
                SessionPaths.of(dataDir, row.agentGroupId(), row.id()));
        refs.put(row.id(), ref);
        return ref;
    }

    private CompletableFuture<Void> visit(Planned p) {
        SessionRef ref = p.ref();
        return controller.requestDecided(ref, "sweep").thenAccept(decided -> {
            boolean quarantined = controller.isQuarantined(ref.sessionId());
            visits.put(ref.sessionId(), LastVisit.of(p.stamp(), p.statAt(), decided.orElse(null), quarantined,
                    backstop.minus(spread(ref.sessionId()))));
            if (!quarantined) {
                delivery.kick(ref);
            }
        }).exceptionally(err -> {
            visits.remove(ref.sessionId());
            log.atError().addKeyValue("session", ref.sessionId()).setCause(err).log("sweep.visit_failed");
            return null;
        });
    }

    /** Up to a quarter of the backstop, fixed per session: the full visits spread over several passes. */
    private Duration spread(String sessionId) {
        long quarter = Math.max(1, backstop.toSeconds() / 4);
        return Duration.ofSeconds(Math.floorMod(sessionId.hashCode(), quarter));
    }
}
