package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.channels.OutboundReaction;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.routing.Router;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code http} channel (DESIGN 6). Inbound it is a listener with hard edges
 * (connection cap, idle timeout, body deadline, bounded fields) that dispatches to its endpoints:
 * {@link MessagesEndpoint} answers a POST only after the inbound commit, {@link LongPollEndpoint}
 * serves the event log, {@link ActionsEndpoint} takes question answers. Outbound it implements
 * {@link Channel}: each operation appends one event to the chat's {@link EventLog} (idempotent
 * by {@code messages_out} id) and announces it on the {@link ChatEventHub}. The event loop only
 * parses and answers; every database touch runs on the central lane (writes) or its read
 * connection (polls).
 */
public final class HttpChannel extends VerticleBase implements Channel {
    private static final Logger log = LoggerFactory.getLogger(HttpChannel.class);
    private static final Pattern PATH = Pattern.compile("^/v1/chats/([^/]*)/(messages|events|actions)$");

    private final TandemConfig.Http config;
    private final CentralDb central;
    private final EventLog eventLog;
    private final Router router;
    private final Clock clock;
    private final ApprovalActions approvals;
    private final ActionClicks clicks;
    private final ChatEventHub hub = new ChatEventHub();
    private final ConnectionCap cap;
    private volatile HttpServer server;
    private volatile boolean started;
    private MessagesEndpoint messages;
    private LongPollEndpoint polls;
    private ActionsEndpoint actions;
    private FilesEndpoint files;
    private final Path dataDir;

    public HttpChannel(TandemConfig.Http config, CentralDb central, EventLog eventLog, Router router, Clock clock) {
        this(config, central, eventLog, router, clock, ApprovalActions.NONE, ActionClicks.NONE, null);
    }

    /**
     * {@code clicks} decides every card click ({@code POST …/actions}); {@code approvals} guards approval ids;
     * outbound files are served from the session folders under {@code dataDir} (null: none are served).
     */
    public HttpChannel(TandemConfig.Http config, CentralDb central, EventLog eventLog, Router router, Clock clock,
                       ApprovalActions approvals, ActionClicks clicks, Path dataDir) {
        this.dataDir = dataDir;
        this.approvals = approvals;
        this.clicks = clicks;
        this.config = config;
        this.central = central;
        this.eventLog = eventLog;
        this.router = router;
        this.clock = clock;
        this.cap = new ConnectionCap(config.maxConnections(), config.bodyTimeout());
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

    /** The hub long polls wait on (and, later, the SSE stream). */
    public ChatEventHub hub() {
        return hub;
    }

    @Override
    public Future<?> start() {
        RequestFlow flow = new RequestFlow(vertx, context, config);
        messages = new MessagesEndpoint(flow, router, clock, config.maxText(), config.maxBody(), supportsThreads());
        polls = new LongPollEndpoint(flow, central, eventLog, hub, clock);
        actions = new ActionsEndpoint(flow, approvals, clicks);
        files = new FilesEndpoint(flow, central, eventLog, clock, dataDir);
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.bind().host())
                .setPort(config.bind().port())
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // HTTP/1.1 only: with h2c detection a connection is not counted until its first bytes,
                // so silent sockets could hold descriptors past the cap
                .setHttp2ClearTextEnabled(false));
        server.connectionHandler(conn -> cap.accepted(vertx, conn));
        server.requestHandler(this::handle);
        return server.listen().onSuccess(s -> started = true);
    }

    @Override
    public Future<?> stop() {
        started = false;
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        RequestFlow.guarded(req, () -> {
            if (cap.refused(req.connection())) {
                throw cap.refusal();
            }
            log.atDebug().addKeyValue("method", req.method()).addKeyValue("path", req.path())
                    .addKeyValue("connections", cap.open()).log("http.request");
            Matcher file = FilesEndpoint.PATH.matcher(req.path());
            if (file.matches()) {
                authorize(req);
                files.get(req, file.group(1), file.group(2), file.group(3));
                return;
            }
            Matcher m = PATH.matcher(req.path());
            if (!m.matches()) {
                throw new HttpError(404, "not_found", "no such endpoint: " + req.path());
            }
            if (!(m.group(2).equals("actions") && approvals.adminBearer(req.getHeader("authorization")))) {
                authorize(req);
            }
            String chatId = m.group(1);
            if (!Ids.isSafe(chatId)) {
                throw new HttpError(400, "invalid_id", "chat_id must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
            }
            String resource = m.group(2);
            if (resource.equals("messages") && req.method() == HttpMethod.POST) {
                messages.post(req, chatId);
            } else if (resource.equals("messages") && req.method() == HttpMethod.GET) {
                polls.get(req, chatId);
            } else if (resource.equals("actions") && req.method() == HttpMethod.POST) {
                actions.post(req, chatId);
            } else if (resource.equals("events") && req.method() == HttpMethod.GET) {
                throw new HttpError(501, "not_implemented", "the SSE event stream is not available yet; "
                        + "use GET /v1/chats/{chat_id}/messages?after=N&wait=S");
            } else {
                throw new HttpError(405, "method_not_allowed", req.method() + " is not allowed on " + req.path());
            }
        });
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

    @Override
    public CompletableFuture<String> send(OutboundDelivery d) {
        if ("card".equals(d.kind())) {
            return sendCard(d);
        }
        if ("question".equals(d.kind())) {
            return append(d.platformId(), d.messageOutId(), HttpEvents.question(d)).thenApply(String::valueOf);
        }
        return append(d.platformId(), d.messageOutId(), HttpEvents.message(d)).thenApply(String::valueOf);
    }

    @Override
    public CompletableFuture<String> sendCard(OutboundDelivery d) {
        ObjectNode event = "question".equals(d.kind()) ? HttpEvents.question(d) : HttpEvents.card(d);
        return append(d.platformId(), d.messageOutId(), event).thenApply(String::valueOf);
    }

    @Override
    public CompletableFuture<String> edit(OutboundEdit e) {
        if (e.targetPlatformMessageId() == null) {
            return CompletableFuture.failedFuture(new ChannelException("edit of seq " + e.targetSeq()
                    + " has no platform message id on channel http", true));
        }
        return append(e.target().platformId(), e.messageOutId(), HttpEvents.edit(e))
                .thenApply(idx -> e.targetPlatformMessageId());
    }

    @Override
    public CompletableFuture<String> react(OutboundReaction r) {
        if (r.targetPlatformMessageId() == null) {
            return CompletableFuture.failedFuture(new ChannelException("reaction to seq " + r.targetSeq()
                    + " has no platform message id on channel http", true));
        }
        return append(r.target().platformId(), r.messageOutId(), HttpEvents.reaction(r))
                .thenApply(idx -> r.targetPlatformMessageId());
    }

    /**
     * Appends one event (idempotent by {@code messageOutId}), then hands it to the chat's waiters
     * (after the commit, so a waiter never sees an event that could still roll back). A repeat
     * appended nothing: waiters behind its cursor are only woken to read the log.
     */
    private CompletableFuture<Long> append(String chatId, String messageOutId, ObjectNode event) {
        String expires = Timestamps.format(clock.instant().plus(config.retention()));
        return central.tx(c -> eventLog.appendEvent(c, chatId, messageOutId, event, expires)).thenApply(a -> {
            hub.announce(chatId, a.cursor(), a.json());
            log.atDebug().addKeyValue("chat", chatId).addKeyValue("cursor", a.cursor())
                    .addKeyValue("type", event.path("type").asText()).addKeyValue("fresh", a.fresh())
                    .log("http.event_appended");
            return a.cursor();
        });
    }
}
