package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.runner.agent.AgentAction;
import io.tandem.runner.store.Route;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundKind;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code request}: a {@code system} row {@code {"action":"request_approval","request_id",
 * "request":{"action","payload","reason"}}} the host files as a pending approval. The runner mints
 * the {@code request_id} ({@code r-} + 16 lowercase hex chars) and answers it, so the agent can
 * match the {@code request_result} that arrives in a later batch.
 */
final class RequestPlanner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestPlanner() {
    }

    static void plan(AgentAction.Request r, PlanContext ctx, List<Step> out) {
        String requestId = mintRequestId();
        ObjectNode request = Json.object().put("action", r.action());
        request.set("payload", r.payload());
        request.put("reason", r.reason());
        ObjectNode content = Json.object().put("action", "request_approval").put("request_id", requestId);
        content.set("request", request);
        String json = Json.write(content);
        if (!ctx.admit(r.ref(), "request", Utf8.length(json), out)) {
            return;
        }
        InboundMessage answered = ctx.replyTo();
        out.add(new RowStep(r.ref(), "request", Ids.mint(Ids.MESSAGE_OUT), OutboundKind.SYSTEM, Route.DEFAULT,
                answered == null ? null : answered.id(), json, Map.of("request_id", requestId)));
    }

    static String mintRequestId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "r-" + HexFormat.of().formatHex(b);
    }
}
