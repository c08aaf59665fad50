package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.schema.json.Json;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/chats/{chat_id}/actions} {@code {"question_id","value","user":{"id"}}}: a click on
 * a card of this chat (a question's option, an approval's decision). Only translation happens
 * here: the body becomes an {@link ActionClick} (user ids namespaced, {@link #namespaced}), the host's
 * {@link ActionClicks} decides, and its {@link ClickOutcome} becomes {@code 200
 * {"question_id","outcome":"answered","message"}} or the refusal's status
 * ({@link ClickOutcome.Refusal#httpStatus()}). Approval cards need the admin token as bearer
 * ({@link ApprovalActions}): without it, 401 before anything is looked up.
 */
final class ActionsEndpoint {
    private final RequestFlow flow;
    private final ApprovalActions approvals;
    private final ActionClicks clicks;

    ActionsEndpoint(RequestFlow flow, ApprovalActions approvals, ActionClicks clicks) {
        this.flow = flow;
        this.approvals = approvals;
        this.clicks = clicks;
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
            boolean adminBearer = approvals.adminBearer(req.getHeader("authorization"));
            if (approvals.handles(questionId) && !adminBearer) {
                throw new HttpError(401, "unauthorized", "approval clicks need the admin token as bearer");
            }
            ActionClick click = new ActionClick("http", chatId, questionId, value, namespaced(userId), adminBearer);
            flow.then(clicks.click(click), req, outcome -> answer(req, questionId, outcome));
        });
    }

    /**
     * The clicker as a user id of this channel: {@code alice} and {@code http:alice} both mean
     * {@code http:alice}, as a message's {@code sender.id} does; an http client can never click as
     * a user of another channel ({@code telegram:…} becomes {@code http:telegram:…}).
     */
    static String namespaced(String userId) {
        if (userId == null) {
            return null;
        }
        return userId.startsWith("http:") ? userId : "http:" + userId;
    }

    private static void answer(HttpServerRequest req, String questionId, ClickOutcome outcome) {
        if (outcome instanceof ClickOutcome.Refused r) {
            throw new HttpError(r.refusal().httpStatus(), code(r.refusal()), r.message());
        }
        ObjectNode body = Json.object().put("question_id", questionId).put("outcome", "answered")
                .put("message", ((ClickOutcome.Answered) outcome).message());
        HttpResponses.json(req, 200, Json.write(body));
    }

    private static String code(ClickOutcome.Refusal r) {
        return switch (r) {
            case NOT_FOUND -> "not_found";
            case ALREADY_ANSWERED -> "already_answered";
            case EXPIRED -> "expired";
            case FORBIDDEN -> "forbidden";
            case INVALID -> "invalid_field";
        };
    }
}
