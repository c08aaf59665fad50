package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.runner.agent.AgentAction;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundKind;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code ask}: a {@code question} row {@code {"question_id","title","question","options"}} to the
 * chat of the message answered. The runner mints the {@code question_id} ({@code q-} + 16
 * lowercase hex chars, 64 random bits) and returns it in the result, so the agent can match the
 * {@code question_response} that arrives in a later batch.
 */
final class AskPlanner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AskPlanner() {
    }

    static void plan(AgentAction.Ask a, PlanContext ctx, List<Step> out) {
        String questionId = mintQuestionId();
        ObjectNode content = Json.object();
        content.put("question_id", questionId);
        content.put("title", a.title());
        content.put("question", a.question());
        content.set("options", a.options());
        String json = Json.write(content);
        if (!ctx.admit(a.ref(), "ask", Utf8.length(json), out)) {
            return;
        }
        InboundMessage answered = ctx.replyTo();
        out.add(new RowStep(a.ref(), "ask", Ids.mint(Ids.MESSAGE_OUT), OutboundKind.QUESTION,
                PlanContext.chatOf(answered), answered == null ? null : answered.id(), json,
                Map.of("question_id", questionId)));
    }

    static String mintQuestionId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "q-" + HexFormat.of().formatHex(b);
    }
}
