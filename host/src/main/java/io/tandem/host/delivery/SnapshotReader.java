package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionRef;
import io.tandem.host.session.SessionState;
import io.tandem.host.session.SessionStateReader;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.ProcessingAck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link DeliverySnapshot} on the session's lane: pending rows and the watermark from
 * {@code inbound.db}, then ONE short read of {@code outbound.db} on the session's cached read-only connection (acks of the pending
 * rows, one page of {@code messages_out} above the watermark, the rows edits and reactions name),
 * then the delivery state of that page from {@code inbound.db}. The outbound file is never read
 * inside a write transaction. Rows are read as raw columns and mapped one by one, so a malformed
 * row cannot make the read throw. Because the watermark lives in {@code inbound.db}, the first
 * pass after a restart starts where the last one stopped instead of at seq 0.
 */
final class SnapshotReader {
    private static final Logger log = LoggerFactory.getLogger(SnapshotReader.class);
    /** Ids per IN list, under SQLite's parameter limit. */
    private static final int CHUNK = 500;

    private final InboundDb inbound;
    private final int pageSize;
    private final SessionStateReader stateReader = new SessionStateReader();
    private final OutboundRowMapper mapper = new OutboundRowMapper();
    private final TargetCheck targets = new TargetCheck();
    private final MessageRefResolver refs = new MessageRefResolver(mapper, targets);
    private final LongAdder rowsRead = new LongAdder();

    SnapshotReader(InboundDb inbound, int pageSize) {
        this.inbound = inbound;
        this.pageSize = pageSize;
    }

    /** {@code messages_out} rows read by passes so far (operators and tests watch rescans). */
    long rowsRead() {
        return rowsRead.sum();
    }

    private record OutboundPage(Map<String, ProcessingAck> acks, List<OutboundRow> rows, boolean reset,
                                long pageStart, Map<Long, OutboundRow> refRows) {
    }

    /** The snapshot, or null when outbound.db has a hot journal (its runner must recover it first). */
    DeliverySnapshot read(SessionRef s, long after) throws SQLException {
        return inbound.withCurrentSchema(s.paths(), c -> {
            // every inbound statement of the snapshot under ONE shared lock (the outbound read in
            // the middle is its own short read; the runner only ever reads inbound.db)
            return Sql.read(c, rc -> snapshotIn(rc, s, after));
        });
    }

    private DeliverySnapshot snapshotIn(Connection c, SessionRef s, long after) throws SQLException {
        long mark = Sql.longValue(c, "SELECT settled_through FROM delivery_progress WHERE id = 1");
        List<SessionState.PendingRow> pending = stateReader.pending(c);
        long start = after >= 0 ? after : mark;
        ReadResult<OutboundPage> read = inbound.outbound().read(s.paths(), oc -> page(oc, pending, start,
                after < 0 && mark > 0));
        if (read.status() == ReadResult.Status.OWNER_RECOVERING) {
            return null;
        }
        OutboundPage page = read.orElse(new OutboundPage(Map.of(), List.of(), false, start, Map.of()));
        rowsRead.add(page.rows().size());
        if (page.reset()) {
            log.atWarn().addKeyValue("session", s.sessionId()).addKeyValue("settled_through", mark)
                    .log("delivery.outbound_replaced_rescanning");
        }
        return snapshot(c, s.agentGroupId(), mark, page, pending);
    }

    private OutboundPage page(Connection oc, List<SessionState.PendingRow> pending, long start, boolean mayReset)
            throws SQLException {
        Map<String, ProcessingAck> acks = pending.isEmpty() ? Map.of() : stateReader.acks(oc, pending);
        boolean reset = mayReset && Sql.longValue(oc, "SELECT coalesce(max(seq), 0) FROM messages_out") < start;
        long from = reset ? 0 : start;
        List<OutboundRow> rows = Sql.list(oc, "SELECT " + RawOutbound.COLUMNS + " FROM messages_out WHERE seq > ? "
                + "ORDER BY seq LIMIT " + pageSize, RawOutbound::read, from).stream().map(mapper::map).toList();
        Set<Long> odd = new HashSet<>();
        for (OutboundRow r : rows) {
            if (r instanceof OutboundRow.Valid v && v.refSeq() != null && v.refSeq() % 2 == 1) {
                odd.add(v.refSeq());
            }
        }
        return new OutboundPage(acks, rows, reset, from, refs.readOutbound(oc, odd));
    }

    private DeliverySnapshot snapshot(Connection c, String agentGroupId, long mark, OutboundPage page,
                                      List<SessionState.PendingRow> pending) throws SQLException {
        List<OutboundRow> rows = page.rows();
        Set<String> settled = new HashSet<>(keysIn(c, "SELECT message_out_id FROM delivered WHERE message_out_id IN ",
                rows, rs -> rs.getString(1)));
        Map<String, String[]> attempts = new HashMap<>();
        for (String[] a : keysIn(c, "SELECT message_out_id, attempts, next_attempt_at FROM delivery_attempts "
                + "WHERE message_out_id IN ", rows, rs -> new String[] {rs.getString(1), rs.getString(2),
                rs.getString(3)})) {
            attempts.put(a[0], a);
        }
        List<SnapshotRow> out = new ArrayList<>();
        Map<String, TargetCheck.Target> resolved = new HashMap<>();
        Set<Long> refSeqs = new HashSet<>();
        for (OutboundRow r : rows) {
            String[] a = attempts.get(r.key());
            boolean done = settled.contains(r.key());
            out.add(new SnapshotRow(r, done, a == null ? 0 : Integer.parseInt(a[1]), a == null ? null : a[2]));
            if (done || !(r instanceof OutboundRow.Valid v)) {
                continue;
            }
            switch (v.operation()) {
                case CHAT, CARD, QUESTION -> resolved.put(v.key(), targets.resolve(c, v.message(), agentGroupId));
                case EDIT, REACTION -> refSeqs.add(v.refSeq());
                default -> {
                }
            }
        }
        SessionState state = new SessionState(pending, page.acks(), false);
        return new DeliverySnapshot(mark, page.pageStart(), page.reset() || page.pageStart() == mark,
                rows.size() == pageSize, out, state.statusChanges(), state.failedAttempts(), resolved,
                refs.resolve(c, refSeqs, page.refRows()), inFlightChats(c, state));
    }

    /** The chats of the rows whose current ack is {@code processing} (typing shows there). */
    private static Set<ChatTarget> inFlightChats(Connection c, SessionState state) throws SQLException {
        List<String> ids = state.pending().stream()
                .filter(r -> state.currentAck(r).map(a -> a.status() == AckStatus.PROCESSING).orElse(false))
                .map(SessionState.PendingRow::id).toList();
        Set<ChatTarget> chats = new HashSet<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            String marks = part.stream().map(r -> "?").collect(Collectors.joining(","));
            chats.addAll(Sql.list(c, "SELECT DISTINCT channel_type, platform_id, thread_id FROM messages_in "
                    + "WHERE channel_type IS NOT NULL AND platform_id IS NOT NULL AND id IN (" + marks + ")",
                    rs -> new ChatTarget(rs.getString(1), rs.getString(2), rs.getString(3)), part.toArray()));
        }
        return chats;
    }

    private static <T> List<T> keysIn(Connection c, String sqlPrefix, List<OutboundRow> rows, Sql.RowMapper<T> mapper)
            throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        String marks = rows.stream().map(r -> "?").collect(Collectors.joining(","));
        return Sql.list(c, sqlPrefix + "(" + marks + ")", mapper, rows.stream().map(OutboundRow::key).toArray());
    }
}
