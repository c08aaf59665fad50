package io.tandem.host.channels.http;

import io.tandem.host.config.TandemConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How an endpoint reads a body and comes back from a lane: bodies are read within
 * {@code max_body} and {@code body_timeout}; results of lane work are handled on the channel's
 * event loop; every failure becomes the documented error body ({@link HttpFailures}). Endpoints
 * therefore never touch a file on the event loop nor answer from a lane thread.
 */
final class RequestFlow {
    private final Vertx vertx;
    private final Context context;
    private final TandemConfig.Http config;

    RequestFlow(Vertx vertx, Context context, TandemConfig.Http config) {
        this.vertx = vertx;
        this.context = context;
        this.config = config;
    }

    Vertx vertx() {
        return vertx;
    }

    /** Runs {@code task} on the channel's event loop (from any thread). */
    void onLoop(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** Reads a JSON body within the limits, then hands its text to {@code handler} on the event loop. */
    void withBody(HttpServerRequest req, Consumer<String> handler) {
        String type = req.getHeader("content-type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "unsupported_media_type", "content-type must be application/json, not " + type);
        }
        RequestBodies.read(vertx, req, config.maxBody(), config.bodyTimeout()).onComplete(ar -> {
            if (ar.failed()) {
                HttpFailures.answer(req, ar.cause());
                return;
            }
            guarded(req, () -> handler.accept(ar.result().toString(StandardCharsets.UTF_8)));
        });
    }

    /** Completes on the event loop; failures become the documented error body. */
    <T> void then(CompletableFuture<T> work, HttpServerRequest req, Consumer<T> ok) {
        work.whenComplete((r, err) -> onLoop(() -> {
            if (err != null) {
                HttpFailures.answer(req, err);
            } else {
                guarded(req, () -> ok.accept(r));
            }
        }));
    }

    /** Runs {@code step}; a refusal or a bug becomes the answer instead of escaping to Vert.x. */
    static void guarded(HttpServerRequest req, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            HttpFailures.answer(req, e);
        }
    }
}
