package io.tandem.host.approvals.requests;

import io.tandem.host.central.CentralDb;
import io.tandem.schema.rows.ApprovalStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires agent requests nobody decided in time ({@code questions.ttl}): each pass marks pending
 * approvals past {@code expires_at} {@code expired} in one central transaction (from
 * {@code pending} only, so a click racing it either wins or gets 410), then tells each asking
 * agent ({@code request_result} status {@code expired}) and edits the card to say so. What
 * expires is {@link ExpiryDecisions}; the next pass is armed at the earliest remaining expiry so
 * it happens on time, and the host also runs it at start and every sweep interval as a backstop.
 * {@link #run()} only submits work; passes never overlap; a failure is logged, never thrown.
 */
public final class ApprovalExpiry implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);

    private final CentralDb central;
    private final RequestOutcomes outcomes;
    private final Consumer<Instant> arm;
    private final Clock clock;
    private final PendingApprovalRows rows = new PendingApprovalRows();
    private final AtomicBoolean running = new AtomicBoolean();

    /** {@code arm} schedules {@link #run()} at an instant (the host's timers). */
    ApprovalExpiry(CentralDb central, RequestOutcomes outcomes, Consumer<Instant> arm, Clock clock) {
        this.central = central;
        this.outcomes = outcomes;
        this.arm = arm;
        this.clock = clock;
    }

    private record Pass(List<PendingApproval> expired, Instant nextAt) {
    }

    @Override
    public void run() {
        pass();
    }

    /** One pass; completes with the approvals it expired (none at once when a pass is running). */
    public CompletableFuture<List<PendingApproval>> pass() {
        if (!running.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(List.of());
        }
        Instant now = clock.instant();
        return central.tx(tx -> expire(tx, now)).thenApply(p -> {
            for (PendingApproval a : p.expired()) {
                String detail = "nobody decided before " + a.expiresAt();
                outcomes.tell(a, RequestOutcomes.Status.EXPIRED, detail);
                outcomes.editCard(a, RequestOutcomes.Status.EXPIRED, a.title() + "\n→ expired (" + detail + ")");
            }
            if (p.nextAt() != null) {
                arm.accept(p.nextAt());
            }
            return p.expired();
        }).whenComplete((expired, err) -> {
            running.set(false);
            if (err != null) {
                log.atWarn().addKeyValue("error", err.toString()).log("request.expiry_failed");
            }
        }).exceptionally(err -> List.of());
    }

    private Pass expire(Connection tx, Instant now) throws SQLException {
        ExpiryDecisions.Decision d = ExpiryDecisions.decide(rows.open(tx), now);
        for (String id : d.unreadable()) {
            log.atWarn().addKeyValue("approval", id).log("request.expiry_unreadable");
        }
        List<PendingApproval> expired = new ArrayList<>();
        for (String id : d.expire()) {
            if (rows.decide(tx, id, ApprovalStatus.EXPIRED)) {
                rows.find(tx, id).ifPresent(expired::add);
                log.atInfo().addKeyValue("approval", id).log("request.expired");
            }
        }
        return new Pass(expired, d.nextAt());
    }
}
