package io.tandem.host.delivery;

import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.SessionRef;
import io.tandem.host.session.SessionStateReader;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.DeliveryStatus;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass's own writes to {@code inbound.db}: the synced statuses, each outcome
 * ({@code delivered}, {@code delivery_attempts}, a {@code delivery_failed} note) and the moved
 * watermark. Written in the pass's transaction, or later as a {@link DeferredRecord}; either way
 * inside a transaction the caller owns, reading no other file.
 *
 * @param mark the new {@code settled_through}, or null when the watermark did not move
 */
record RecordWrites(SessionRef s, DeliverySnapshot snap, DeliveryPlan plan, List<RetryPolicy.Decision> decisions,
                    Long mark, String now, long otherMax) {
    private static final Logger log = LoggerFactory.getLogger(RecordWrites.class);

    void statuses(Connection tx, SessionStateReader stateReader) throws SQLException {
        stateReader.applyStatusChanges(tx, snap.ackChanges());
    }

    /** Writes every outcome and the watermark; returns, per decision, when its reply was asked for (or null). */
    List<Instant> outcomes(Connection tx, InboundWriter writer) throws SQLException {
        List<Instant> asked = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            write(tx, writer, plan.due().get(i), decisions.get(i));
            asked.add(askedAt(tx, plan.due().get(i), decisions.get(i)));
        }
        if (mark != null) {
            Sql.update(tx, "INSERT INTO delivery_progress(id, settled_through) VALUES (1, ?) "
                    + "ON CONFLICT(id) DO UPDATE SET settled_through = excluded.settled_through", mark);
        }
        return asked;
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

    private void write(Connection tx, InboundWriter writer, SnapshotRow row, RetryPolicy.Decision d) throws SQLException {
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
