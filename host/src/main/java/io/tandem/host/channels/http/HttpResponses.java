package io.tandem.host.channels.http;

import io.tandem.schema.json.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Writes JSON answers and the documented error body {@code {"error":{"code","message"}}}. */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static void json(HttpServerRequest req, int status, String body) {
        HttpServerResponse r = req.response();
        if (r.ended() || r.closed()) {
            return;
        }
        r.setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    public static void error(HttpServerRequest req, int status, String code, String message) {
        if (status == 413 && !req.response().headWritten()) {
            req.response().putHeader("connection", "close");
        }
        var n = Json.object();
        n.putObject("error").put("code", code).put("message", message);
        json(req, status, Json.write(n));
    }

    public static void error(HttpServerRequest req, HttpError e) {
        error(req, e.status(), e.code(), e.getMessage());
    }
}
