package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.runner.agent.AgentAction;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundKind;
import java.util.List;
import java.util.Map;

/** {@code card}: a {@code card} row {@code {"card":{…},"fallback_text"}} to the chat of the message answered. */
final class CardPlanner {
    private CardPlanner() {
    }

    static void plan(AgentAction.Card a, PlanContext ctx, List<Step> out) {
        ObjectNode content = Json.object();
        content.set("card", a.card());
        content.put("fallback_text", a.fallbackText());
        String json = Json.write(content);
        if (!ctx.admit(a.ref(), "card", Utf8.length(json), out)) {
            return;
        }
        InboundMessage answered = ctx.replyTo();
        out.add(new RowStep(a.ref(), "card", Ids.mint(Ids.MESSAGE_OUT), OutboundKind.CARD,
                PlanContext.chatOf(answered), answered == null ? null : answered.id(), json, Map.of()));
    }
}
