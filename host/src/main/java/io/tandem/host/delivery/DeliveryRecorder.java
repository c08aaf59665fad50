package io.tandem.host.delivery;

import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.metrics.HostMetrics.DeliveryResult;
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
                    boolean attemptsRetried) {
    }

    Recorded record(SessionRef s, DeliverySnapshot snap, DeliveryPlan plan, List<Outcome> outcomes, Instant now)
            throws SQLException {
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
        if (!snap.ackChanges().isEmpty() || !attempts.isEmpty() || !decisions.isEmpty() || markMoved) {
            long otherMax = failed > 0 ? writer.otherMax(s.paths()) : 0L;
            String nowText = Timestamps.format(now);
            rowsAdded = inbound.with(s.paths(), c -> {
                RowsFinished.InTx onFinish = finished.prepare(c, s.paths(), finishing);
                return Sql.tx(c, tx -> {
                stateReader.applyStatusChanges(tx, snap.ackChanges());
                applied.clear();
                for (RecoveryPolicy.Retry r : attempts) {
                    if (stateReader.applyRecovery(tx, List.of(r.decision())) == 1) {
                        applied.add(r);
                    }
                }
                boolean added = onFinish.apply(tx, s.sessionId(), now);
                askedAt.clear();
                for (int i = 0; i < decisions.size(); i++) {
                    write(tx, s, plan.due().get(i), decisions.get(i), nowText, otherMax);
                    askedAt.add(askedAt(tx, plan.due().get(i), decisions.get(i)));
                }
                if (markMoved) {
                    Sql.update(tx, "INSERT INTO delivery_progress(id, settled_through) VALUES (1, ?) "
                            + "ON CONFLICT(id) DO UPDATE SET settled_through = excluded.settled_through", mark);
                }
                return added;
                });
            });
        }
        FailedAttemptLog.log(s.sessionId(), applied);
        count(plan, decisions, askedAt, now);
        return new Recorded(delivered, decisions.size() - delivered - failed, failed, mark, Optional.ofNullable(next),
                rowsAdded, applied.stream().anyMatch(r -> r.decision().status() == MessageStatus.PENDING));
    }

    /**
     * The timestamp of the chat message a delivered reply answers ({@code in_reply_to}), or null:
     * not delivered, no such chat message (a task's or a system row's time says when it was made,
     * not when someone asked), or a timestamp that does not parse.
     */
    private static Instant askedAt(Connection tx, SnapshotRow row, RetryPolicy.Decision d) throws SQLException {
        if (!(d instanceof RetryPolicy.Settle st) || st.status() != DeliveryStatus.DELIVERED
                || !(row.row() instanceof OutboundRow.Valid v) || v.message().inReplyTo() == null) {
            return null;
        }
        Optional<String> ts = Sql.one(tx, "SELECT timestamp FROM messages_in WHERE id = ? AND kind = 'chat'",
                rs -> rs.getString(1), v.message().inReplyTo());
        return ts.map(DeliveryRecorder::instant).orElse(null);
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

    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? null : Timestamps.parse(timestamp);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void write(Connection tx, SessionRef s, SnapshotRow row, RetryPolicy.Decision d, String now, long otherMax)
            throws SQLException {
        String key = row.row().key();
        if (d instanceof RetryPolicy.Reschedule r) {
            Sql.update(tx, "INSERT INTO delivery_attempts(message_out_id, attempts, last_error, next_attempt_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT(message_out_id) DO UPDATE SET attempts = excluded.attempts, "
                    + "last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at", key, r.attempts(),
                    r.error(), Timestamps.format(r.at()));
            log.atWarn().addKeyValue("session", s.sessionId()).addKeyValue("agent_group", s.agentGroupId())
                    .addKeyValue("seq", row.row().seq()).addKeyValue("id", key).addKeyValue("attempt", r.attempts())
                    .addKeyValue("error", r.error()).log("delivery.retry");
            return;
        }
        RetryPolicy.Settle st = (RetryPolicy.Settle) d;
        Sql.update(tx, "INSERT INTO delivered(message_out_id, platform_message_id, status, delivered_at, error) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", key, st.platformMessageId(), st.status().wire(), now,
                st.error());
        Sql.update(tx, "DELETE FROM delivery_attempts WHERE message_out_id = ?", key);
        if (st.status() == DeliveryStatus.FAILED) {
            var note = Json.object().put("type", "delivery_failed").put("message_out_id", key).put("error", st.error());
            writer.insert(tx, new NewInbound(Ids.mint(Ids.MESSAGE_IN), MessageKind.SYSTEM, now, null, false, null, null,
                    null, null, null, Json.write(note)), otherMax);
            log.atWarn().addKeyValue("session", s.sessionId()).addKeyValue("agent_group", s.agentGroupId())
                    .addKeyValue("seq", row.row().seq()).addKeyValue("id", key).addKeyValue("error", st.error())
                    .log("delivery.failed");
        } else {
            String inReplyTo = row.row() instanceof OutboundRow.Valid v ? v.message().inReplyTo() : null;
            log.atInfo().addKeyValue("session", s.sessionId()).addKeyValue("agent_group", s.agentGroupId())
                    .addKeyValue("seq", row.row().seq()).addKeyValue("id", key).addKeyValue("in_reply_to", inReplyTo)
                    .addKeyValue("platform_message_id", st.platformMessageId()).log("delivery.delivered");
        }
    }
}
