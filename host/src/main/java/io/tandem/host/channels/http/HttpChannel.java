package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.central.CentralDb;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.routing.InboundEvent;
import io.tandem.host.routing.RouteResult;
import io.tandem.host.routing.Router;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code http} channel (DESIGN 6): posting a message answers only after the inbound
 * commit; replies are read from the chat's event log by long poll. The event loop only parses and
 * answers; every database touch runs on the central lane or a session lane.
 */
public final class HttpChannel extends VerticleBase implements Channel {
    private static final Logger log = LoggerFactory.getLogger(HttpChannel.class);
    private static final Pattern PATH = Pattern.compile("^/v1/chats/([^/]*)/(messages|events|actions)$");
    private static final int PAGE = 100;
    private static final long MAX_WAIT_SECONDS = 30;

    private final TandemConfig.Http config;
    private final CentralDb central;
    private final EventLog eventLog;
    private final Router router;
    private final Clock clock;
    private final LongPollWaiters waiters = new LongPollWaiters();
    private volatile HttpServer server;
    private volatile boolean started;

    public HttpChannel(TandemConfig.Http config, CentralDb central, EventLog eventLog, Router router, Clock clock) {
        this.config = config;
        this.central = central;
        this.eventLog = eventLog;
        this.router = router;
        this.clock = clock;
    }

    @Override
    public String channelType() {
        return "http";
    }

    @Override
    public boolean supportsThreads() {
        return true;
    }

    @Override
    public boolean started() {
        return started;
    }

    /** The bound port (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.bind().host())
                .setPort(config.bind().port()));
        server.requestHandler(this::handle);
        return server.listen().onSuccess(s -> started = true);
    }

    @Override
    public Future<?> stop() {
        started = false;
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        try {
            Matcher m = PATH.matcher(req.path());
            if (!m.matches()) {
                HttpResponses.error(req, 404, "not_found", "no such endpoint: " + req.path());
                return;
            }
            authorize(req);
            String chatId = m.group(1);
            if (!Ids.isSafe(chatId)) {
                throw new HttpError(400, "invalid_id", "chat_id must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
            }
            String resource = m.group(2);
            if (resource.equals("messages") && req.method() == HttpMethod.POST) {
                postMessage(req, chatId);
            } else if (resource.equals("messages") && req.method() == HttpMethod.GET) {
                longPoll(req, chatId);
            } else if (resource.equals("actions") && req.method() == HttpMethod.POST) {
                postAction(req, chatId);
            } else if (resource.equals("events") && req.method() == HttpMethod.GET) {
                HttpResponses.error(req, 501, "not_implemented", "the SSE event stream is not available yet; "
                        + "use GET /v1/chats/{chat_id}/messages?after=N&wait=S");
            } else {
                HttpResponses.error(req, 405, "method_not_allowed", req.method() + " is not allowed on " + req.path());
            }
        } catch (HttpError e) {
            HttpResponses.error(req, e);
        }
    }

    private void authorize(HttpServerRequest req) {
        if (config.token().isEmpty()) {
            return;
        }
        String auth = req.getHeader("authorization");
        String want = "Bearer " + config.token();
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                want.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(401, "unauthorized", "missing or wrong bearer token");
        }
    }

    private static void requireJson(HttpServerRequest req) {
        String type = req.getHeader("content-type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "unsupported_media_type", "content-type must be application/json, not " + type);
        }
    }

    /** Reads a JSON body within {@code max_body}, then hands its text to {@code handler}. */
    private void withBody(HttpServerRequest req, java.util.function.Consumer<String> handler) {
        requireJson(req);
        RequestBodies.read(req, config.maxBody()).onComplete(ar -> {
            if (ar.failed()) {
                fail(req, ar.cause());
                return;
            }
            try {
                handler.accept(ar.result().toString(StandardCharsets.UTF_8));
            } catch (HttpError e) {
                HttpResponses.error(req, e);
            }
        });
    }

    private void postMessage(HttpServerRequest req, String chatId) {
        withBody(req, body -> {
            PostMessage msg = PostMessage.parse(body, config.maxText());
            InboundEvent ev = new InboundEvent("http", chatId, msg.threadId(), msg.id(), msg.senderId(),
                    msg.senderName(), msg.text(), msg.content(), Timestamps.now(clock), msg.mention(), msg.group());
            onContext(router.route(ev, supportsThreads()), req, (RouteResult r) ->
                    HttpResponses.json(req, r.duplicate() ? 200 : 202, Json.write(r)));
        });
    }

    /** Question answers arrive here; no question can be pending yet, so every id is unknown. */
    private void postAction(HttpServerRequest req, String chatId) {
        withBody(req, body -> {
            com.fasterxml.jackson.databind.JsonNode n;
            try {
                n = Json.parse(body);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "invalid_json", e.getMessage());
            }
            String questionId = Json.text(n, "question_id");
            if (questionId == null || questionId.isBlank()) {
                throw HttpError.invalidField("question_id", "is required");
            }
            throw new HttpError(404, "not_found", "no pending question " + questionId + " in chat " + chatId);
        });
    }

    private void longPoll(HttpServerRequest req, String chatId) {
        long after = longParam(req, "after", 0, Long.MAX_VALUE);
        long waitSeconds = longParam(req, "wait", 0, MAX_WAIT_SECONDS);
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        query(req, chatId, after, deadline);
    }

    private void query(HttpServerRequest req, String chatId, long after, long deadline) {
        onContext(central.submit(c -> eventLog.after(c, chatId, after, PAGE, Timestamps.now(clock))), req,
                (List<String> events) -> {
                    long left = deadline - System.nanoTime();
                    if (!events.isEmpty() || left <= 0) {
                        answer(req, events, after);
                        return;
                    }
                    if (waiters.announcedAfter(chatId, after)) {
                        query(req, chatId, after, deadline);
                        return;
                    }
                    Runnable[] self = new Runnable[1];
                    long timer = vertx.setTimer(Math.max(1, left / 1_000_000L), id -> {
                        waiters.remove(chatId, self[0]);
                        answer(req, List.of(), after);
                    });
                    self[0] = () -> {
                        vertx.cancelTimer(timer);
                        query(req, chatId, after, deadline);
                    };
                    waiters.add(chatId, self[0]);
                    req.connection().closeHandler(v -> {
                        vertx.cancelTimer(timer);
                        waiters.remove(chatId, self[0]);
                    });
                });
    }

    private static void answer(HttpServerRequest req, List<String> events, long after) {
        ObjectNode body = Json.object();
        ArrayNode arr = body.putArray("events");
        long next = after;
        for (String e : events) {
            ObjectNode ev = (ObjectNode) Json.parse(e);
            arr.add(ev);
            next = ev.path("cursor").asLong(next);
        }
        body.put("next", next);
        HttpResponses.json(req, 200, Json.write(body));
    }

    private static long longParam(HttpServerRequest req, String name, long min, long max) {
        String v = req.getParam(name);
        if (v == null || v.isEmpty()) {
            return min;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw HttpError.invalidField(name, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpError.invalidField(name, "must be a whole number");
        }
    }

    /** Completes on this verticle's event loop; failures become the documented error body. */
    private <T> void onContext(CompletableFuture<T> work, HttpServerRequest req, java.util.function.Consumer<T> ok) {
        work.whenComplete((r, err) -> context.runOnContext(v -> {
            if (err != null) {
                fail(req, err);
            } else {
                try {
                    ok.accept(r);
                } catch (HttpError e) {
                    HttpResponses.error(req, e);
                }
            }
        }));
    }

    private static void fail(HttpServerRequest req, Throwable err) {
        Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (c instanceof HttpError e) {
            HttpResponses.error(req, e);
            return;
        }
        if (c instanceof io.tandem.schema.ids.InvalidIdException e) {
            HttpResponses.error(req, 400, "invalid_id", e.getMessage());
            return;
        }
        log.atError().setCause(c).log("http.request_failed");
        HttpResponses.error(req, 503, "unavailable", "the host could not take the message: "
                + c.getClass().getSimpleName() + ": " + c.getMessage());
    }

    @Override
    public CompletableFuture<String> send(OutboundDelivery d) {
        ObjectNode ev = Json.object();
        ev.put("type", "card".equals(d.kind()) ? "card" : "message");
        ev.put("message_id", d.messageOutId());
        ev.put("agent_group_id", d.agentGroupId());
        ev.put("session_id", d.sessionId());
        ev.put("seq", d.seq());
        ev.put("timestamp", d.timestamp());
        if (d.content().has("text")) {
            ev.put("text", d.content().path("text").asText());
        }
        if (d.content().has("card")) {
            ev.set("card", d.content().get("card"));
        }
        String expires = Timestamps.format(clock.instant().plus(config.retention()));
        return central.tx(c -> eventLog.append(c, d.platformId(), d.messageOutId(), ev, expires)).thenApply(idx -> {
            if (context != null) {
                context.runOnContext(v -> waiters.fire(d.platformId(), idx));
            }
            return Long.toString(idx);
        });
    }
}
