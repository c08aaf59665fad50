package io.tandem.host.admin;

import io.tandem.host.admin.api.AdminApi;
import io.tandem.host.admin.api.AdminHttp;
import io.tandem.host.config.HostPort;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.schema.json.Json;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener. For now: {@code /healthz} (the process answers) and {@code /readyz} (every
 * readiness check passes, else 503 with the failing checks; quarantined sessions are listed
 * either way). The answer is the last {@link Readiness.Report}, held in memory, so answering
 * never touches a file on the event loop. {@code /metrics} is the Prometheus text format, scraped
 * on a worker thread (the process meters read {@code /proc}). Like the probes it needs no token:
 * it holds counts and closed-set labels only (no id, no text, no secret), and the admin listener
 * binds loopback unless {@code admin.bind} says otherwise. Everything under {@code /admin/v1/}
 * goes to {@link AdminHttp} (bearer {@code admin.token}, JSON in and out).
 */
public final class AdminServer extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final HostPort bind;
    private final Supplier<Readiness.Report> readiness;
    private final AdminHttp api;
    private final HostMetrics metrics;
    private volatile HttpServer server;

    public AdminServer(HostPort bind, Supplier<Readiness.Report> readiness, AdminApi api, String token,
                       HostMetrics metrics) {
        this.bind = bind;
        this.readiness = readiness;
        this.api = new AdminHttp(api, token);
        this.metrics = metrics;
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
            case "/metrics" -> vertx.executeBlocking(metrics::scrape, false).onComplete(text -> {
                if (text.succeeded()) {
                    req.response().setStatusCode(200).putHeader("content-type", PROMETHEUS_TEXT).end(text.result());
                } else {
                    log.atWarn().setCause(text.cause()).log("admin.metrics_failed");
                    reply(req, 500, "{\"error\":{\"code\":\"internal\",\"message\":\"metrics unavailable\"}}");
                }
            });
            default -> reply(req, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such endpoint\"}}");
        }
    }

    private static void reply(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}
