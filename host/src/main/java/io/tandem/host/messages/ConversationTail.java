package io.tandem.host.messages;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionRef;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.DeliveryStatus;
import io.tandem.schema.rows.MessageStatus;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a session's conversation for {@code tandem messages tail}: its inbound rows with their
 * status and its outbound rows with their delivery outcome. Runs on the session's lane; the
 * outbound rows are read first (read-only, through the session's cached connection, before any
 * inbound work), then the inbound rows and the delivery records of those outbound rows, so an
 * outcome is never older than the row it belongs to. Nothing is written.
 */
public final class ConversationTail {
    /** Text longer than this is cut (the table cuts further; {@code --json} shows this much). */
    public static final int MAX_TEXT = 2000;
    private static final String[] TEXT_FIELDS = {"text", "fallback_text", "question", "prompt", "title", "action",
        "emoji"};

    private final InboundDb inbound;
    private final SessionLanes lanes;
    private final Clock clock;

    public ConversationTail(InboundDb inbound, SessionLanes lanes, Clock clock) {
        this.inbound = inbound;
        this.lanes = lanes;
        this.clock = clock;
    }

    /** The time a tail's hold rule compares row times with. */
    public Instant now() {
        return clock.instant();
    }

    private record RawOut(String id, long seq, String kind, String timestamp, String inReplyTo, String to,
                          String content) {
    }

    private record Recorded(DeliveryOutcome outcome, String error) {
        record Row(String id, DeliveryOutcome outcome, String error) {
            Recorded recorded() {
                return new Recorded(outcome, error);
            }
        }
    }

    /**
     * Rows of {@code s}: with {@code after} those after its position, ascending, at most
     * {@code limit + 1} of each file; without it the last {@code limit} of each file, ascending.
     */
    public CompletableFuture<TailWindow.SessionRows> read(SessionRef s, TailCursor.Position after, int limit) {
        return lanes.submit(s.sessionId(), () -> {
            if (!Files.exists(s.paths().inboundDb())) {
                return new TailWindow.SessionRows(s.sessionId(), List.of(), List.of());
            }
            int n = after == null ? limit : limit + 1;
            List<RawOut> raw = inbound.outbound().read(s.paths(), c -> outRows(c, after, n)).orElse(List.of());
            return inbound.with(s.paths(), c -> {
                List<TailRow> in = inRows(c, s.sessionId(), after, n);
                Map<String, Recorded> recorded = recorded(c, raw.stream().map(RawOut::id).toList());
                List<TailRow> out = new ArrayList<>();
                for (RawOut r : raw) {
                    Recorded rec = recorded.getOrDefault(r.id(), new Recorded(DeliveryOutcome.PENDING, null));
                    out.add(new TailRow(s.sessionId(), r.seq(), r.id(), r.kind(), r.timestamp(), null, rec.outcome(),
                            null, text(r.content()), r.inReplyTo(), r.to(), rec.error()));
                }
                return new TailWindow.SessionRows(s.sessionId(), in, out);
            });
        });
    }

    private static List<RawOut> outRows(Connection c, TailCursor.Position after, int n) throws SQLException {
        String cols = "SELECT id, seq, kind, timestamp, in_reply_to, channel_type, platform_id, content FROM messages_out ";
        Sql.RowMapper<RawOut> map = rs -> new RawOut(rs.getString(1), rs.getLong(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6) == null ? null : rs.getString(6) + ":"
                + rs.getString(7), rs.getString(8));
        if (after != null) {
            return Sql.list(c, cols + "WHERE seq > ? ORDER BY seq LIMIT ?", map, after.out(), n);
        }
        List<RawOut> last = new ArrayList<>(Sql.list(c, cols + "ORDER BY seq DESC LIMIT ?", map, n));
        Collections.reverse(last);
        return last;
    }

    private static List<TailRow> inRows(Connection c, String session, TailCursor.Position after, int n)
            throws SQLException {
        String cols = "SELECT id, seq, kind, timestamp, status, content FROM messages_in ";
        Sql.RowMapper<TailRow> map = rs -> {
            String content = rs.getString(6);
            return new TailRow(session, rs.getLong(2), rs.getString(1), rs.getString(3), rs.getString(4),
                    MessageStatus.fromWire(rs.getString(5)), null, sender(content), text(content), null, null, null);
        };
        if (after != null) {
            return Sql.list(c, cols + "WHERE seq > ? ORDER BY seq LIMIT ?", map, after.in(), n);
        }
        List<TailRow> last = new ArrayList<>(Sql.list(c, cols + "ORDER BY seq DESC LIMIT ?", map, n));
        Collections.reverse(last);
        return last;
    }

    private static Map<String, Recorded> recorded(Connection c, List<String> ids) throws SQLException {
        Map<String, Recorded> m = new HashMap<>();
        if (ids.isEmpty()) {
            return m;
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        Object[] args = ids.toArray();
        for (Recorded.Row r : Sql.list(c, "SELECT message_out_id, last_error, attempts FROM delivery_attempts "
                + "WHERE message_out_id IN (" + marks + ")", rs -> new Recorded.Row(rs.getString(1),
                    DeliveryOutcome.RETRYING, "attempt " + rs.getInt(3)
                    + (rs.getString(2) == null ? "" : ": " + rs.getString(2))), args)) {
            m.put(r.id(), r.recorded());
        }
        for (Recorded.Row r : Sql.list(c, "SELECT message_out_id, status, error FROM delivered "
                + "WHERE message_out_id IN (" + marks + ")", rs -> new Recorded.Row(rs.getString(1),
                    DeliveryStatus.fromWire(rs.getString(2)) == DeliveryStatus.DELIVERED ? DeliveryOutcome.DELIVERED
                            : DeliveryOutcome.FAILED, rs.getString(3)), args)) {
            m.put(r.id(), r.recorded());
        }
        return m;
    }

    private static String sender(String content) {
        JsonNode sender = parse(content).path("sender");
        String name = Json.text(sender, "name");
        return name != null ? name : Json.text(sender, "id");
    }

    /** The row's text, or the nearest field a card, question, task or system row has; else its JSON. */
    static String text(String content) {
        JsonNode n = parse(content);
        String t = null;
        for (String f : TEXT_FIELDS) {
            JsonNode v = n.get(f);
            if (v != null && v.isValueNode() && !v.isNull()) {
                t = v.asText();
                break;
            }
        }
        if (t == null) {
            t = n.isMissingNode() ? content : Json.write(n);
        }
        return t == null || t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT) + "…";
    }

    private static JsonNode parse(String content) {
        try {
            return content == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : Json.parse(content);
        } catch (IllegalArgumentException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
