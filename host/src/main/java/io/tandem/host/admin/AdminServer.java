package io.tandem.host.admin;

import io.tandem.host.config.HostPort;
import io.tandem.schema.json.Json;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin listener. For now: {@code /healthz} (the process answers) and {@code /readyz} (every
 * readiness check passes, else 503 with the failing checks; quarantined sessions are listed
 * either way). The answer is the last {@link Readiness.Report}, held in memory, so answering
 * never touches a file on the event loop.
 */
public final class AdminServer extends VerticleBase {
    private final HostPort bind;
    private final Supplier<Readiness.Report> readiness;
    private volatile HttpServer server;

    public AdminServer(HostPort bind, Supplier<Readiness.Report> readiness) {
        this.bind = bind;
        this.readiness = readiness;
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(bind.host()).setPort(bind.port()));
        server.requestHandler(this::handle);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        switch (req.path()) {
            case "/healthz" -> reply(req, 200, Json.write(Map.of("status", "ok")));
            case "/readyz" -> {
                Readiness.Report r = readiness.get();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", r.ready() ? "ready" : "not_ready");
                if (!r.ready()) {
                    body.put("failing", r.failing());
                }
                body.put("quarantined", r.quarantined());
                reply(req, r.ready() ? 200 : 503, Json.write(body));
            }
            default -> reply(req, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such endpoint\"}}");
        }
    }

    private static void reply(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}
