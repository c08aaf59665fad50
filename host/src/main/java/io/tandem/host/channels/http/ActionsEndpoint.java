package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/chats/{chat_id}/actions} {@code {"question_id","value","user":{"id"}}}: question
 * answers. Fields are bounded like a message's; no question can be pending yet in this version,
 * so every (valid) id is unknown.
 */
final class ActionsEndpoint {
    private final RequestFlow flow;

    ActionsEndpoint(RequestFlow flow) {
        this.flow = flow;
    }

    void post(HttpServerRequest req, String chatId) {
        flow.withBody(req, body -> {
            JsonNode n = JsonBodies.object(body);
            String questionId = Fields.required(n, "question_id", "question_id", Fields.MAX_ID);
            Fields.optional(n, "value", "value", Fields.MAX_VALUE);
            JsonNode user = n.get("user");
            if (user != null && !user.isNull()) {
                if (!user.isObject()) {
                    throw HttpError.invalidField("user", "must be an object {\"id\"}");
                }
                Fields.optional(user, "id", "user.id", Fields.MAX_ID);
            }
            throw new HttpError(404, "not_found", "no pending question " + questionId + " in chat " + chatId);
        });
    }
}
