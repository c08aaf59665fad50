package io.tandem.host.delivery;

import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.metrics.HostMetrics.DeliveryResult;
import io.tandem.host.session.DeferredWrite;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.FailedAttemptLog;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.RecoveryPolicy;
import io.tandem.host.session.RowsFinished;
import io.tandem.host.session.SessionRef;
import io.tandem.host.session.SessionState;
import io.tandem.host.session.SessionStateReader;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.DeliveryStatus;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.rows.MessageStatus;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a pass in ONE {@code inbound.db} transaction (and none when nothing changed): the
 * ack-driven status changes ({@code completed}; a {@code failed} attempt retried or, at
 * {@code sweep.max_tries}, failed by the same {@link RecoveryPolicy} as the session controller's),
 * every outcome ({@code delivered}, {@code delivery_attempts},
 * {@code delivery_failed} notes with {@code trigger=0}, which never wake the agent by themselves)
 * and the moved watermark. The watermark moves in the same transaction as the deliveries it
 * covers, so it can never claim a row that is not recorded. Metrics are counted only after that
 * transaction committed: a rolled-back pass counts nothing.
 */
final class DeliveryRecorder {
    private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

    private final InboundDb inbound;
    private final RetryPolicy retries;
    private final SessionStateReader stateReader = new SessionStateReader();
    private final InboundWriter writer = new InboundWriter();

    private final RowsFinished finished;
    private final int maxTries;
    private final HostMetrics metrics;

    DeliveryRecorder(InboundDb inbound, RetryPolicy retries, RowsFinished finished, int maxTries,
                     HostMetrics metrics) {
        this.inbound = inbound;
        this.retries = retries;
        this.finished = finished;
        this.maxTries = maxTries;
        this.metrics = metrics;
    }

    /**
     * What a pass ended with, for the log and the next wake; {@code attemptsRetried}: failed
     * attempts were set pending for a later retry (their timer is the session controller's).
     */
    record Recorded(int delivered, int retried, int failed, long mark, Optional<Instant> nextWake, boolean rowsAdded,
                    boolean attemptsRetried, Optional<DeferredWrite> deferred) {
    }

    /**
     * Records a pass. With {@code deferring}, a record that only settles delivered rows is kept for
     * the session's next inbound transaction ({@link Recorded#deferred()}; the caller arranges a
     * flush); {@code onLost} runs if that transaction fails, so a new pass sends and records again.
     */
    Recorded record(SessionRef s, DeliverySnapshot snap, DeliveryPlan plan, List<Outcome> outcomes, Instant now,
                    boolean deferring, Runnable onLost) throws SQLException {
        List<RetryPolicy.Decision> decisions = new ArrayList<>();
        Set<Long> settled = new HashSet<>();
        plan.settled().forEach(r -> settled.add(r.row().seq()));
        Instant next = plan.nextWake().orElse(null);
        int delivered = 0;
        int failed = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            RetryPolicy.Decision d = retries.decide(plan.due().get(i).attempts(), outcomes.get(i), now);
            decisions.add(d);
            if (d instanceof RetryPolicy.Settle st) {
                settled.add(plan.due().get(i).row().seq());
                if (st.status() == DeliveryStatus.DELIVERED) {
                    delivered++;
                } else {
                    failed++;
                }
            } else if (d instanceof RetryPolicy.Reschedule r && (next == null || r.at().isBefore(next))) {
                next = r.at();
            }
        }
        long mark = snap.contiguous() ? Watermark.advance(snap.pageStart(),
                snap.rows().stream().map(r -> r.row().seq()).toList(), settled) : snap.storedMark();
        boolean markMoved = mark != snap.storedMark();
        boolean rowsAdded = false;
        List<RecoveryPolicy.Retry> attempts = RecoveryPolicy.decideFailed(snap.failedAttempts(), now, maxTries);
        List<String> finishing = new ArrayList<>(snap.ackChanges().stream().map(SessionState.StatusChange::id).toList());
        attempts.stream().map(RecoveryPolicy.Retry::decision).filter(d -> d.status() == MessageStatus.FAILED)
                .forEach(d -> finishing.add(d.id()));
        // the snapshot was read before the adapters ran: the controller may have decided a failed
        // attempt since (its update is conditional), so only what this pass applied is logged
        List<RecoveryPolicy.Retry> applied = new ArrayList<>();
        List<Instant> askedAt = new ArrayList<>();
        DeferredRecord deferred = null;
        if (!snap.ackChanges().isEmpty() || !attempts.isEmpty() || !decisions.isEmpty() || markMoved) {
            long otherMax = failed > 0 ? writer.otherMax(s.paths()) : 0L;
            String nowText = Timestamps.format(now);
            boolean mayDefer = deferring && attempts.isEmpty() && decisions.stream().allMatch(DeliveryRecorder::delivered);
            RecordWrites writes = new RecordWrites(s, snap, plan, decisions, markMoved ? mark : null, nowText, otherMax);
            DeferredRecord later = new DeferredRecord(writes, asked -> count(plan, decisions, asked, now), onLost);
            Boolean added = inbound.with(s.paths(), c -> {
                RowsFinished.InTx onFinish = finished.prepare(c, s.paths(), finishing);
                if (mayDefer && onFinish == RowsFinished.InTx.NONE) {
                    inbound.defer(s.paths(), later);
                    return null;
                }
                return Sql.tx(c, tx -> {
                    writes.statuses(tx, stateReader);
                    applied.clear();
                    for (RecoveryPolicy.Retry r : attempts) {
                        if (stateReader.applyRecovery(tx, List.of(r.decision())) == 1) {
                            applied.add(r);
                        }
                    }
                    boolean rowsFinished = onFinish.apply(tx, s.sessionId(), now);
                    askedAt.clear();
                    askedAt.addAll(writes.outcomes(tx, writer));
                    return rowsFinished;
                });
            });
            deferred = added == null ? later : null;
            rowsAdded = Boolean.TRUE.equals(added);
        }
        FailedAttemptLog.log(s.sessionId(), applied);
        if (deferred == null) {
            count(plan, decisions, askedAt, now);
        }
        return new Recorded(delivered, decisions.size() - delivered - failed, failed, mark, Optional.ofNullable(next),
                rowsAdded, applied.stream().anyMatch(r -> r.decision().status() == MessageStatus.PENDING),
                Optional.ofNullable(deferred));
    }

    private static boolean delivered(RetryPolicy.Decision d) {
        return d instanceof RetryPolicy.Settle st && st.status() == DeliveryStatus.DELIVERED;
    }

    /** After the commit: each attempt by result, and the latencies of the delivered rows. */
    private void count(DeliveryPlan plan, List<RetryPolicy.Decision> decisions, List<Instant> askedAt, Instant now) {
        for (int i = 0; i < decisions.size(); i++) {
            if (!(decisions.get(i) instanceof RetryPolicy.Settle st)) {
                metrics.delivered(DeliveryResult.RETRIED);
                continue;
            }
            if (st.status() != DeliveryStatus.DELIVERED) {
                metrics.delivered(DeliveryResult.FAILED);
                continue;
            }
            metrics.delivered(DeliveryResult.DELIVERED);
            if (plan.due().get(i).row() instanceof OutboundRow.Valid v) {
                Instant written = instant(v.message().timestamp());
                if (written != null) {
                    metrics.deliveryLatency(Duration.between(written, now));
                }
            }
            if (i < askedAt.size() && askedAt.get(i) != null) {
                metrics.endToEnd(Duration.between(askedAt.get(i), now));
            }
        }
    }

    static Instant instant(String timestamp) {
        try {
            return timestamp == null ? null : Timestamps.parse(timestamp);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
