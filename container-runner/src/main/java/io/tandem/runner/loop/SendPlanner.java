package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.runner.agent.AgentAction;
import io.tandem.runner.store.Destination;
import io.tandem.runner.store.Route;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.seq.Parity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code send}: one {@code chat} row {@code {"text","files"?}}. The message answered
 * ({@code in_reply_to}) is {@code reply_to} (an inbound seq of this session) when given, else the
 * batch's last triggering message. Without {@code to} the row goes to the answered message's chat
 * (no message: the session's default chat, which the host takes from {@code session_routing});
 * with {@code to} it goes to that projected destination ({@link DestinationMatch}), a channel
 * destination in the thread of its latest inbound message. Attached files are copied into the
 * outbox under the row's id before the row is written ({@link OutboxFiles}).
 */
final class SendPlanner implements ActionPlanner<AgentAction.Send> {

    @Override
    public void plan(AgentAction.Send s, PlanContext ctx, List<Step> out) {
        InboundMessage answered = ctx.replyTo();
        if (s.replyTo() != null) {
            long seq = s.replyTo();
            if (Parity.of(seq) != Parity.EVEN) {
                out.add(new RefusedStep(s.ref(), "reply_to " + seq
                        + " is an outbound seq (odd); reply_to names an inbound message (even seq)"));
                return;
            }
            Optional<Optional<InboundMessage>> row = ctx.batchMessage(seq).map(m -> Optional.of(Optional.of(m)))
                    .orElseGet(() -> ctx.inboundAt(seq));
            if (row.isEmpty()) {
                out.add(new RefusedStep(s.ref(), PlanContext.UNREADABLE));
                return;
            }
            if (row.get().isEmpty()) {
                out.add(new RefusedStep(s.ref(), "reply_to " + seq + " is not a message of this session"));
                return;
            }
            answered = row.get().get();
        }
        Route route;
        if (s.to() == null) {
            route = PlanContext.chatOf(answered);
        } else {
            Optional<Map<String, Destination>> all = ctx.destinations();
            if (all.isEmpty()) {
                out.add(new RefusedStep(s.ref(), "destinations cannot be read right now; try again"));
                return;
            }
            DestinationMatch.Result match = DestinationMatch.resolve(s.to(), all.get().values());
            if (match.refusal() != null) {
                out.add(new RefusedStep(s.ref(), match.refusal()));
                return;
            }
            Optional<Route> r = routeOf(match.destination(), ctx);
            if (r.isEmpty()) {
                out.add(new RefusedStep(s.ref(), PlanContext.UNREADABLE));
                return;
            }
            route = r.get();
        }
        if (!ctx.admit(s.ref(), "send", Utf8.length(s.text()), out)) {
            return;
        }
        String id = Ids.mint(Ids.MESSAGE_OUT);
        ObjectNode content = Json.object().put("text", s.text());
        if (!s.files().isEmpty()) {
            ActionEnv env = ctx.env();
            List<OutboxFiles.Attached> files;
            try {
                files = OutboxFiles.copy(s.files(), env.groupDir(), env.outbox().resolve(id), env.maxFileBytes(),
                        env.durability());
            } catch (OutboxFiles.Refused e) {
                ctx.refund(Utf8.length(s.text()));
                out.add(new RefusedStep(s.ref(), e.getMessage()));
                return;
            }
            ArrayNode list = content.putArray("files");
            for (OutboxFiles.Attached f : files) {
                list.addObject().put("name", f.name()).put("type", f.type()).put("size", f.size());
            }
        }
        out.add(new RowStep(s.ref(), "send", id, OutboundKind.CHAT, route, answered == null ? null : answered.id(),
                Json.write(content), Map.of()));
    }

    /** An agent destination's address, or a channel chat's in the thread of its latest inbound message. */
    private static Optional<Route> routeOf(Destination d, PlanContext ctx) {
        if (d.isAgent()) {
            return Optional.of(d.route());
        }
        return ctx.latestThread(d.channelType(), d.platformId())
                .map(thread -> new Route(d.channelType(), d.platformId(), thread.orElse(null)));
    }
}
