package io.tandem.host.channels.http;

import io.tandem.schema.json.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes JSON answers and the documented error body {@code {"error":{"code","message"}}}. An
 * answer that ends a connection on purpose (413 with a body still coming, 408 for a body that
 * did not arrive, 503 over the connection cap) carries {@code connection: close} and then closes
 * it, so the client cannot keep the slot.
 */
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
        var n = Json.object();
        n.putObject("error").put("code", code).put("message", message);
        if (status == 413) {
            closing(req, status, Json.write(n), false);
        } else {
            json(req, status, Json.write(n));
        }
    }

    public static void error(HttpServerRequest req, HttpError e) {
        if (e.closesConnection()) {
            var n = Json.object();
            n.putObject("error").put("code", e.code()).put("message", e.getMessage());
            closing(req, e.status(), Json.write(n), true);
        } else {
            error(req, e.status(), e.code(), e.getMessage());
        }
    }

    /** Answers with {@code connection: close}; with {@code hard}, closes the connection once written. */
    private static void closing(HttpServerRequest req, int status, String body, boolean hard) {
        HttpServerResponse r = req.response();
        if (r.ended() || r.closed()) {
            if (hard) {
                req.connection().close();
            }
            return;
        }
        r.setStatusCode(status).putHeader("content-type", "application/json").putHeader("connection", "close");
        var done = r.end(body);
        if (hard) {
            done.onComplete(ar -> req.connection().close());
        }
    }
}
