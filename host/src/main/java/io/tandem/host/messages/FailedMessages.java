package io.tandem.host.messages;

import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionRef;
import io.tandem.host.session.SessionStateReader;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.ProcessingAck;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What failed in a session and the operator's retry (issue 9 section 3): failed inbound rows (the
 * error is the runner's ack) and failed deliveries ({@code delivered.status = failed}). Reads and
 * writes run on the session's lane; outbound.db is only read, before any transaction.
 *
 * <p>Retrying an inbound row sets it {@code pending}, due now, with its tries back at 0 — or at 1
 * when the runner's failed ack is of attempt 0, because an ack of the current attempt would fail
 * the row again at once ({@code processing_ack} is the runner's, the host never edits it; a lower
 * attempt is superseded). Retrying a delivery removes its {@code failed} record and retry state and
 * moves the delivery watermark back before it, so the next pass delivers it again.
 */
public final class FailedMessages {
    private static final Logger log = LoggerFactory.getLogger(FailedMessages.class);

    private final InboundDb inbound;
    private final SessionLanes lanes;
    private final SessionWaker waker;
    private final Consumer<SessionRef> deliveryKick;

    public FailedMessages(InboundDb inbound, SessionLanes lanes, SessionWaker waker, Consumer<SessionRef> deliveryKick) {
        this.inbound = inbound;
        this.lanes = lanes;
        this.waker = waker;
        this.deliveryKick = deliveryKick;
    }

    /** One failure: an inbound row ({@code kind} its message kind) or a delivery ({@code kind} "delivery"). */
    public record Failure(String id, String type, Long seq, String kind, int tries, String at, String error,
                          String summary) {
    }

    public CompletableFuture<List<Failure>> list(SessionRef s) {
        return lanes.submit(s.sessionId(), () -> {
            if (!Files.exists(s.paths().inboundDb())) {
                return List.<Failure>of();
            }
            List<Failure> inboundFailures = inbound.with(s.paths(), c -> Sql.list(c,
                    "SELECT id, seq, kind, tries, timestamp, content FROM messages_in WHERE status = 'failed' "
                            + "ORDER BY seq", rs -> new Failure(rs.getString(1), "inbound", rs.getLong(2), rs.getString(3),
                            rs.getInt(4), rs.getString(5), null, summary(rs.getString(6)))));
            List<Failure> deliveries = inbound.with(s.paths(), c -> Sql.list(c,
                    "SELECT message_out_id, delivered_at, error FROM delivered WHERE status = 'failed' "
                            + "ORDER BY delivered_at", rs -> new Failure(rs.getString(1), "delivery", null, "delivery", 0,
                            rs.getString(2), rs.getString(3), null)));
            Map<String, ProcessingAck> acks = inboundFailures.isEmpty() ? Map.of()
                    : ReadOnlyReads.read(s.paths().outboundDb(), oc -> SessionStateReader.acksFor(oc,
                            inboundFailures.stream().map(Failure::id).toList())).orElse(Map.of());
            List<Failure> out = new ArrayList<>();
            for (Failure f : inboundFailures) {
                ProcessingAck a = acks.get(f.id());
                String error = a == null ? "gave up after " + f.tries() + " tries (runner stopped while processing)"
                        : a.error() != null ? a.error() : "failed at attempt " + a.attempt();
                out.add(new Failure(f.id(), f.type(), f.seq(), f.kind(), f.tries(), f.at(), error, f.summary()));
            }
            out.addAll(deliveries);
            return out;
        });
    }

    /** Retries {@code id} in {@code s}; empty when the session has no failed row or delivery of that id. */
    public CompletableFuture<Optional<String>> retry(SessionRef s, String id) {
        return lanes.submit(s.sessionId(), () -> {
            if (!Files.exists(s.paths().inboundDb())) {
                return Optional.<String>empty();
            }
            Optional<ProcessingAck> ack = ReadOnlyReads.read(s.paths().outboundDb(),
                    oc -> SessionStateReader.acksFor(oc, List.of(id))).orElse(Map.of()).values().stream().findFirst();
            int tries = ack.map(a -> a.attempt() == 0 ? 1 : 0).orElse(0);
            Long outSeq = outboundSeq(s, id);
            return inbound.with(s.paths(), c -> Sql.tx(c, tx -> {
                if (Sql.update(tx, "UPDATE messages_in SET status = 'pending', tries = ?, process_after = NULL "
                        + "WHERE id = ? AND status = 'failed'", tries, id) == 1) {
                    return Optional.of("inbound");
                }
                if (Sql.update(tx, "DELETE FROM delivered WHERE message_out_id = ? AND status = 'failed'", id) == 1) {
                    Sql.update(tx, "DELETE FROM delivery_attempts WHERE message_out_id = ?", id);
                    if (outSeq != null) {
                        Sql.update(tx, "UPDATE delivery_progress SET settled_through = min(settled_through, ?)",
                                outSeq - 1);
                    }
                    return Optional.of("delivery");
                }
                return Optional.<String>empty();
            }));
        }).thenApply(kind -> {
            kind.ifPresent(k -> {
                log.atInfo().addKeyValue("session", s.sessionId()).addKeyValue("id", id).addKeyValue("kind", k)
                        .log("message.retry");
                if (k.equals("inbound")) {
                    waker.wake(s.sessionId());
                } else {
                    deliveryKick.accept(s);
                }
            });
            return kind;
        });
    }

    private static Long outboundSeq(SessionRef s, String messageOutId) throws SQLException {
        return ReadOnlyReads.read(s.paths().outboundDb(), oc -> Sql.one(oc,
                "SELECT seq FROM messages_out WHERE id = ?", rs -> rs.getLong(1), messageOutId).orElse(null))
                .orElse(null);
    }

    private static String summary(String content) {
        try {
            var n = io.tandem.schema.json.Json.parse(content);
            String t = n.hasNonNull("text") ? n.get("text").asText() : n.hasNonNull("prompt") ? n.get("prompt").asText()
                    : n.hasNonNull("type") ? n.get("type").asText() : null;
            return t == null || t.length() <= 80 ? t : t.substring(0, 77) + "...";
        } catch (RuntimeException e) {
            return null;
        }
    }
}
