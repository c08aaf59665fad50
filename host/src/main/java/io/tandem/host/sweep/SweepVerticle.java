package io.tandem.host.sweep;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows;
import io.tandem.host.delivery.DeliveryService;
import io.tandem.host.session.SessionController;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.session.SessionPaths;
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
 * {@code sweep.interval}: it only asks the session controller to run (ack sync, recovery, wake,
 * timers are its decisions) and kicks a delivery pass. Each session is isolated: a broken one is
 * logged and skipped, never stops the sweep. The event loop only fires the period; all work runs
 * on the lanes. Timing never depends on the sweep: wakes, retries and exits drive the controller
 * directly; the sweep is the backstop.
 */
public final class SweepVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(SweepVerticle.class);

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores store;
    private final SessionController controller;
    private final DeliveryService delivery;
    private final Duration interval;
    private final Clock clock;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile Instant lastCompleted;
    private long periodic = -1;

    public SweepVerticle(Path dataDir, CentralDb central, CentralStores store, SessionController controller,
                         DeliveryService delivery, Duration interval, Clock clock) {
        this.dataDir = dataDir;
        this.central = central;
        this.store = store;
        this.controller = controller;
        this.delivery = delivery;
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
        return central.read(store.sessions()::activeSessions).thenCompose(sessions -> {
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
        return controller.request(ref, "sweep").thenRun(() -> {
            if (!controller.isQuarantined(ref.sessionId())) {
                delivery.kick(ref);
            }
        });
    }
}
