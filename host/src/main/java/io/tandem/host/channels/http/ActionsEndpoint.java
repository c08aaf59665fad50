package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/chats/{chat_id}/actions} {@code {"question_id","value","user":{"id"}}}: question
 * answers. Fields are bounded like a message's. Clicks on approval cards go to
 * {@link ApprovalActions} (with the raw {@code Authorization} header: approval clicks need the
 * admin token); other question ids are unknown in this version.
 */
final class ActionsEndpoint {
    private final RequestFlow flow;
    private final ApprovalActions approvals;

    ActionsEndpoint(RequestFlow flow, ApprovalActions approvals) {
        this.flow = flow;
        this.approvals = approvals;
    }

    void post(HttpServerRequest req, String chatId) {
        flow.withBody(req, body -> {
            JsonNode n = JsonBodies.object(body);
            String questionId = Fields.required(n, "question_id", "question_id", Fields.MAX_ID);
            String value = Fields.optional(n, "value", "value", Fields.MAX_VALUE);
            JsonNode user = n.get("user");
            String userId = null;
            if (user != null && !user.isNull()) {
                if (!user.isObject()) {
                    throw HttpError.invalidField("user", "must be an object {\"id\"}");
                }
                userId = Fields.optional(user, "id", "user.id", Fields.MAX_ID);
            }
            if (approvals.handles(questionId)) {
                flow.then(approvals.click(chatId, questionId, value, userId, req.getHeader("authorization")), req,
                        answer -> HttpResponses.json(req, 200, Json.write(answer)));
                return;
            }
            throw new HttpError(404, "not_found", "no pending question " + questionId + " in chat " + chatId);
        });
    }
}
