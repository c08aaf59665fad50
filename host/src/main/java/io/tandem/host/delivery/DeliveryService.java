package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.SessionRef;
import io.tandem.host.session.SessionState;
import io.tandem.host.session.SessionStateReader;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a session's outbound rows (DESIGN 5.5). One pass per session at a time (a kick during a
 * pass schedules exactly one more). A pass: read pending rows and the container's acks, read due
 * undelivered rows in seq order, re-check each target, hand each to its adapter, then record acks,
 * deliveries, retry state and failure notes in ONE inbound transaction. A crash between send and
 * record repeats the send with the same idempotency key, which the adapter answers with the same
 * platform message: nothing is lost and nothing is shown twice.
 */
public final class DeliveryService {
    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    private static final int BATCH = 100;

    private final SessionLanes lanes;
    private final InboundDb inbound;
    private final ChannelRegistry adapters;
    private final SessionWaker waker;
    private final Clock clock;
    private final int maxAttempts;
    private final SessionStateReader stateReader = new SessionStateReader();
    private final TargetCheck targets = new TargetCheck();
    private final InboundWriter writer = new InboundWriter();
    private final ConcurrentHashMap<String, Boolean> inPass = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> watermarks = new ConcurrentHashMap<>();
    private volatile BiConsumer<SessionRef, Instant> timers = (s, t) -> { };

    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts) {
        this.lanes = lanes;
        this.inbound = inbound;
        this.adapters = adapters;
        this.waker = waker;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /** Where to ask for another pass at a later time (backoff, deliver_after). */
    public void setTimers(BiConsumer<SessionRef, Instant> timers) {
        this.timers = timers;
    }

    /** Schedules a pass; coalesces with one already running. */
    public void kick(SessionRef s) {
        Boolean prev = inPass.putIfAbsent(s.sessionId(), Boolean.FALSE);
        if (prev != null) {
            inPass.replace(s.sessionId(), Boolean.FALSE, Boolean.TRUE);
            return;
        }
        run(s);
    }

    private void run(SessionRef s) {
        pass(s).whenComplete((more, err) -> {
            if (err != null) {
                log.atError().addKeyValue("session", s.sessionId()).setCause(err).log("delivery.pass_failed");
            }
            boolean again = Boolean.TRUE.equals(more) || inPass.replace(s.sessionId(), Boolean.TRUE, Boolean.FALSE);
            if (again) {
                run(s);
            } else if (!inPass.remove(s.sessionId(), Boolean.FALSE)) {
                run(s);
            }
        });
    }

    private record Item(OutboundMessage row, TargetCheck.Target target, int attempts) {
    }

    private record Plan(List<SessionState.StatusChange> acks, List<Item> items, List<Long> settledSeqs,
                        List<OutboundMessage> read, Instant nextAt) {
        boolean empty() {
            return acks.isEmpty() && items.isEmpty();
        }
    }

    private sealed interface Outcome permits Sent, Failed {
    }

    private record Sent(String platformMessageId) implements Outcome {
    }

    private record Failed(String error, boolean permanent) implements Outcome {
    }

    /** Runs one pass; completes with true when more rows are waiting. */
    CompletableFuture<Boolean> pass(SessionRef s) {
        return lanes.submit(s.sessionId(), () -> plan(s)).thenCompose(plan -> {
            if (plan == null) {
                return CompletableFuture.completedFuture(false);
            }
            return sendAll(s, plan.items()).thenCompose(outcomes ->
                    lanes.submit(s.sessionId(), () -> record(s, plan, outcomes)));
        });
    }

    /** What one short read of outbound.db brings: acks of the pending rows, and undelivered rows. */
    private record OutboundView(Map<String, ProcessingAck> acks, List<OutboundMessage> rows) {
    }

    private Plan plan(SessionRef s) throws SQLException {
        long mark = watermarks.getOrDefault(s.sessionId(), 0L);
        Instant now = clock.instant();
        String nowText = Timestamps.format(now);
        return inbound.with(s.paths(), c -> {
            List<SessionState.PendingRow> pending = stateReader.pending(c);
            ReadResult<OutboundView> read = ReadOnlyReads.read(s.paths().outboundDb(), oc -> new OutboundView(
                    pending.isEmpty() ? Map.of() : stateReader.acks(oc, pending), Sql.list(oc, "SELECT "
                            + OutboundMessage.COLUMNS + " FROM messages_out WHERE seq > ? ORDER BY seq LIMIT " + BATCH,
                    OutboundMessage::map, mark)));
            if (read.status() == ReadResult.Status.OWNER_RECOVERING) {
                waker.wake(s.sessionId());
                return null;
            }
            OutboundView view = read.orElse(new OutboundView(Map.of(), List.of()));
            List<OutboundMessage> rows = view.rows();
            SessionState state = new SessionState(pending, view.acks(), false);
            Set<String> settled = idsIn(c, "SELECT message_out_id FROM delivered WHERE message_out_id IN ", rows);
            Map<String, String[]> attempts = attempts(c, rows);
            List<Item> items = new ArrayList<>();
            List<Long> settledSeqs = new ArrayList<>();
            Instant nextAt = null;
            for (OutboundMessage r : rows) {
                if (settled.contains(r.id())) {
                    settledSeqs.add(r.seq());
                    continue;
                }
                String[] a = attempts.get(r.id());
                String notBefore = max(r.deliverAfter(), a == null ? null : a[1]);
                if (notBefore != null && notBefore.compareTo(nowText) > 0) {
                    Instant at = Timestamps.parse(notBefore);
                    nextAt = nextAt == null || at.isBefore(nextAt) ? at : nextAt;
                    continue;
                }
                items.add(new Item(r, targets.resolve(c, r), a == null ? 0 : Integer.parseInt(a[0])));
            }
            return new Plan(state.statusChanges(), items, settledSeqs, rows, nextAt);
        });
    }

    private static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static Set<String> idsIn(Connection c, String sqlPrefix, List<OutboundMessage> rows) throws SQLException {
        if (rows.isEmpty()) {
            return Set.of();
        }
        String marks = rows.stream().map(r -> "?").collect(Collectors.joining(","));
        return new HashSet<>(Sql.list(c, sqlPrefix + "(" + marks + ")", rs -> rs.getString(1),
                rows.stream().map(OutboundMessage::id).toArray()));
    }

    private static Map<String, String[]> attempts(Connection c, List<OutboundMessage> rows) throws SQLException {
        Map<String, String[]> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        String marks = rows.stream().map(r -> "?").collect(Collectors.joining(","));
        for (String[] a : Sql.list(c, "SELECT message_out_id, attempts, next_attempt_at FROM delivery_attempts "
                + "WHERE message_out_id IN (" + marks + ")", rs -> new String[] {rs.getString(1), rs.getString(2),
                rs.getString(3)}, rows.stream().map(OutboundMessage::id).toArray())) {
            out.put(a[0], new String[] {a[1], a[2]});
        }
        return out;
    }

    private CompletableFuture<List<Outcome>> sendAll(SessionRef s, List<Item> items) {
        CompletableFuture<List<Outcome>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (Item item : items) {
            chain = chain.thenCompose(list -> send(s, item).handle((o, err) -> {
                list.add(err != null ? new Failed(rootMessage(err), false) : o);
                return list;
            }));
        }
        return chain;
    }

    private CompletableFuture<Outcome> send(SessionRef s, Item item) {
        OutboundMessage r = item.row();
        if (!item.target().allowed()) {
            return CompletableFuture.completedFuture(new Failed(item.target().refusal(), true));
        }
        if (r.kind() != OutboundKind.CHAT && r.kind() != OutboundKind.CARD) {
            return CompletableFuture.completedFuture(
                    new Failed("kind " + r.kind().wire() + " is not delivered by this host version", true));
        }
        Channel adapter = adapters.get(item.target().channelType()).orElse(null);
        if (adapter == null) {
            return CompletableFuture.completedFuture(
                    new Failed("no adapter for channel " + item.target().channelType(), false));
        }
        JsonNode content;
        try {
            content = Json.parse(r.content());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Failed("content is not JSON", true));
        }
        OutboundDelivery d = new OutboundDelivery(s.sessionId(), s.agentGroupId(), r.id(), r.seq(), r.kind().wire(),
                item.target().channelType(), item.target().platformId(), item.target().threadId(), content,
                r.timestamp());
        return adapter.send(d).thenApply(Sent::new);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException)) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private boolean record(SessionRef s, Plan plan, List<Outcome> outcomes) throws SQLException {
        boolean needsNotes = outcomes.stream().anyMatch(o -> o instanceof Failed);
        Instant now = clock.instant();
        String nowText = Timestamps.format(now);
        Instant nextAt = plan.nextAt();
        List<Long> settled = new ArrayList<>(plan.settledSeqs());
        if (!plan.empty()) {
            long otherMax = needsNotes ? writer.otherMax(s.paths()) : 0L;
            List<Instant> retries = new ArrayList<>();
            inbound.with(s.paths(), c -> Sql.tx(c, tx -> {
                stateReader.applyStatusChanges(tx, plan.acks());
                for (int i = 0; i < outcomes.size(); i++) {
                    Item item = plan.items().get(i);
                    OutboundMessage r = item.row();
                    Outcome o = outcomes.get(i);
                    if (o instanceof Sent sent) {
                        Sql.update(tx, "INSERT INTO delivered(message_out_id, platform_message_id, status, delivered_at) "
                                + "VALUES (?, ?, 'delivered', ?) ON CONFLICT DO NOTHING", r.id(), sent.platformMessageId(),
                                nowText);
                        Sql.update(tx, "DELETE FROM delivery_attempts WHERE message_out_id = ?", r.id());
                        settled.add(r.seq());
                        log.atInfo().addKeyValue("session", s.sessionId()).addKeyValue("seq", r.seq())
                                .addKeyValue("id", r.id()).addKeyValue("platform_message_id", sent.platformMessageId())
                                .log("delivery.delivered");
                    } else if (o instanceof Failed f) {
                        int attempts = item.attempts() + 1;
                        if (f.permanent() || attempts >= maxAttempts) {
                            Sql.update(tx, "INSERT INTO delivered(message_out_id, status, delivered_at, error) "
                                    + "VALUES (?, 'failed', ?, ?) ON CONFLICT DO NOTHING", r.id(), nowText, f.error());
                            Sql.update(tx, "DELETE FROM delivery_attempts WHERE message_out_id = ?", r.id());
                            writeFailureNote(tx, r.id(), f.error(), nowText, otherMax);
                            settled.add(r.seq());
                            log.atWarn().addKeyValue("session", s.sessionId()).addKeyValue("seq", r.seq())
                                    .addKeyValue("id", r.id()).addKeyValue("error", f.error())
                                    .log("delivery.failed");
                        } else {
                            Instant next = now.plusSeconds(1L << Math.min(attempts, 10));
                            retries.add(next);
                            Sql.update(tx, "INSERT INTO delivery_attempts(message_out_id, attempts, last_error, "
                                    + "next_attempt_at) VALUES (?, ?, ?, ?) ON CONFLICT(message_out_id) DO UPDATE SET "
                                    + "attempts = excluded.attempts, last_error = excluded.last_error, "
                                    + "next_attempt_at = excluded.next_attempt_at", r.id(), attempts, f.error(),
                                    Timestamps.format(next));
                            log.atWarn().addKeyValue("session", s.sessionId()).addKeyValue("seq", r.seq())
                                    .addKeyValue("attempt", attempts).addKeyValue("error", f.error())
                                    .log("delivery.retry");
                        }
                    }
                }
                return null;
            }));
            for (Instant r : retries) {
                nextAt = nextAt == null || r.isBefore(nextAt) ? r : nextAt;
            }
        }
        advanceWatermark(s.sessionId(), plan.read(), settled);
        if (nextAt != null) {
            timers.accept(s, nextAt);
        }
        return plan.read().size() == BATCH && !settled.isEmpty();
    }

    private void writeFailureNote(Connection tx, String messageOutId, String error, String now, long otherMax)
            throws SQLException {
        var note = Json.object().put("type", "delivery_failed").put("message_out_id", messageOutId).put("error", error);
        writer.insert(tx, new NewInbound(Ids.mint(Ids.MESSAGE_IN), MessageKind.SYSTEM, now, null, false, null, null,
                null, null, null, Json.write(note)), otherMax);
    }

    /** Moves the watermark past the leading run of settled rows, so they are not read again. */
    private void advanceWatermark(String sessionId, List<OutboundMessage> read, List<Long> settled) {
        Set<Long> done = new HashSet<>(settled);
        long mark = watermarks.getOrDefault(sessionId, 0L);
        for (OutboundMessage r : read) {
            if (!done.contains(r.seq())) {
                break;
            }
            mark = r.seq();
        }
        watermarks.put(sessionId, mark);
    }

    /** Forgets per-session memory (session closed). */
    public void forget(String sessionId) {
        watermarks.remove(sessionId);
    }
}
