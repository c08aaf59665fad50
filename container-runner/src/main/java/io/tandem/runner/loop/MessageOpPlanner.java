package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.agent.AgentAction;
import io.tandem.runner.store.Route;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.seq.Parity;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code edit} and {@code react}: a {@code chat} row {@code {"operation":"edit"|"reaction","seq",…}}
 * on a message of THIS session. The seq's parity picks the table (even: an inbound message in
 * inbound.db, odd: one of this session's outbound messages); a seq that names no message there,
 * or an outbound row that is itself an edit or reaction, is refused. The row is addressed to the
 * target's chat; the host resolves the platform message id from the seq when it delivers.
 */
final class MessageOpPlanner {
    private MessageOpPlanner() {
    }

    static void edit(AgentAction.Edit e, PlanContext ctx, List<Step> out) throws SQLException {
        plan(e.ref(), "edit", e.seq(), "text", e.text(), ctx, out);
    }

    static void react(AgentAction.React r, PlanContext ctx, List<Step> out) throws SQLException {
        plan(r.ref(), "reaction", r.seq(), "emoji", r.emoji(), ctx, out);
    }

    private static void plan(JsonNode ref, String operation, long seq, String field, String value, PlanContext ctx,
            List<Step> out) throws SQLException {
        Target target = target(seq, ctx);
        if (target.refusal != null) {
            out.add(new RefusedStep(ref, operation + " of seq " + seq + " refused: " + target.refusal));
            return;
        }
        String content = Json.write(Json.object().put("operation", operation).put("seq", seq).put(field, value));
        if (!ctx.admit(ref, operation, Utf8.length(value), out)) {
            return;
        }
        InboundMessage answered = ctx.replyTo();
        out.add(new RowStep(ref, operation, Ids.mint(Ids.MESSAGE_OUT), OutboundKind.CHAT, target.route,
                answered == null ? null : answered.id(), content, Map.of()));
    }

    private record Target(Route route, String refusal) {
    }

    private static Target target(long seq, PlanContext ctx) throws SQLException {
        if (Parity.of(seq) == Parity.EVEN) {
            Optional<Optional<InboundMessage>> row = ctx.inboundAt(seq);
            if (row.isEmpty()) {
                return new Target(null, PlanContext.UNREADABLE);
            }
            return row.get().map(m -> new Target(PlanContext.chatOf(m), null))
                    .orElse(new Target(null, "no inbound message (even seq) " + seq + " in this session"));
        }
        Optional<OutboundMessage> row = ctx.outboundAt(seq);
        if (row.isEmpty()) {
            return new Target(null, "no outbound message (odd seq) " + seq + " in this session");
        }
        OutboundMessage m = row.get();
        if (m.kind() == OutboundKind.SYSTEM || isOperation(m)) {
            return new Target(null, "seq " + seq + " is " + (m.kind() == OutboundKind.SYSTEM ? "a system row"
                    : "itself an edit or reaction") + ", not a message");
        }
        return new Target(new Route(m.channelType(), m.platformId(), m.threadId()), null);
    }

    private static boolean isOperation(OutboundMessage m) {
        try {
            JsonNode c = Json.MAPPER.readTree(m.content());
            return c != null && c.hasNonNull("operation");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }
}
