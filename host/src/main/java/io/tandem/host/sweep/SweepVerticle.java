package io.tandem.host.sweep;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows;
import io.tandem.host.containers.ContainerManager;
import io.tandem.host.delivery.DeliveryService;
import io.tandem.host.session.SessionRef;
import io.tandem.host.session.SessionUpkeep;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop pass over every active session (DESIGN 5.6), first at start, then every
 * {@code sweep.interval}: ack sync, recovery when no runner holds the session, a wake when work
 * is due, a timer for the next due time, and a delivery pass. Each session is isolated: a broken
 * one is logged and skipped, never stops the sweep. The event loop only fires the period; all work
 * runs on the lanes.
 */
public final class SweepVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(SweepVerticle.class);

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores store;
    private final SessionLanes lanes;
    private final SessionUpkeep upkeep;
    private final ContainerManager manager;
    private final DeliveryService delivery;
    private final Timers timers;
    private final Duration interval;
    private final Clock clock;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile Instant lastCompleted;
    private long periodic = -1;

    public SweepVerticle(Path dataDir, CentralDb central, CentralStores store, SessionLanes lanes, SessionUpkeep upkeep,
                         ContainerManager manager, DeliveryService delivery, Timers timers, Duration interval,
                         Clock clock) {
        this.dataDir = dataDir;
        this.central = central;
        this.store = store;
        this.lanes = lanes;
        this.upkeep = upkeep;
        this.manager = manager;
        this.delivery = delivery;
        this.timers = timers;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        periodic = vertx.setPeriodic(1, interval.toMillis(), id -> sweep());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(periodic);
        return Future.succeededFuture();
    }

    /** When the last complete sweep finished (readiness: within two periods). */
    public Instant lastCompleted() {
        return lastCompleted;
    }

    public Duration interval() {
        return interval;
    }

    /** Runs one sweep unless one is still running; completes when every session was visited. */
    public CompletableFuture<Void> sweep() {
        if (!inFlight.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return central.submit(store.sessions()::activeSessions).thenCompose(sessions -> {
            List<CompletableFuture<Void>> each = new ArrayList<>();
            for (Rows.SessionRow row : sessions) {
                each.add(visit(row));
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
        }).whenComplete((v, err) -> {
            inFlight.set(false);
            if (err != null) {
                log.atError().setCause(err).log("sweep.failed");
            } else {
                lastCompleted = clock.instant();
            }
        });
    }

    private CompletableFuture<Void> visit(Rows.SessionRow row) {
        SessionRef ref;
        try {
            ref = new SessionRef(row.id(), row.agentGroupId(), SessionPaths.of(dataDir, row.agentGroupId(), row.id()));
        } catch (RuntimeException e) {
            log.atError().addKeyValue("session", row.id()).setCause(e).log("sweep.session_refused");
            return CompletableFuture.completedFuture(null);
        }
        if (!Files.exists(ref.paths().inboundDb())) {
            return CompletableFuture.completedFuture(null);
        }
        boolean running = manager.isRunning(ref.sessionId());
        return lanes.submit(ref.sessionId(), () -> upkeep.run(ref, !running)).handle((o, err) -> {
            if (err != null) {
                log.atError().addKeyValue("session", ref.sessionId()).setCause(err).log("sweep.session_failed");
                return null;
            }
            if (o.dueNow() && !running) {
                manager.wake(ref.sessionId());
            }
            o.nextDue().ifPresent(t -> timers.arm("wake:" + ref.sessionId(), Timestamps.parse(t),
                    () -> manager.wake(ref.sessionId())));
            delivery.kick(ref);
            return null;
        });
    }
}
