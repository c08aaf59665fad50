package io.tandem.host.admin;

import io.tandem.host.admin.api.AdminApi;
import io.tandem.host.admin.api.AdminHttp;
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
 * never touches a file on the event loop. Everything under {@code /admin/v1/} goes to
 * {@link AdminHttp} (bearer {@code admin.token}, JSON in and out).
 */
public final class AdminServer extends VerticleBase {
    private final HostPort bind;
    private final Supplier<Readiness.Report> readiness;
    private final AdminHttp api;
    private volatile HttpServer server;

    public AdminServer(HostPort bind, Supplier<Readiness.Report> readiness, AdminApi api, String token) {
        this.bind = bind;
        this.readiness = readiness;
        this.api = new AdminHttp(api, token);
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
        if (req.path().startsWith(AdminHttp.PREFIX)) {
            api.handle(req);
            return;
        }
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
