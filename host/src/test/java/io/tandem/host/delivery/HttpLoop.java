package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.approvals.ApprovalClicks;
import io.tandem.host.approvals.ApprovalHooks;
import io.tandem.host.approvals.ChannelApprovals;
import io.tandem.host.approvals.CommandDenials;
import io.tandem.host.approvals.SenderApprovals;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.http.EventLog;
import io.tandem.host.channels.http.HttpChannel;
import io.tandem.host.config.HostPort;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.questions.HostClicks;
import io.tandem.host.questions.QuestionClicks;
import io.tandem.host.routing.Router;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SettableClock;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.SessionPaths;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The host's message path in this JVM, from the http channel to the session files and back:
 * real central.db with the embedded defaults (chat {@code demo} wired to group {@code echo},
 * public), the real router, session lanes and {@code inbound.db}, the real delivery service and
 * http channel on loopback, and the host's click handling. The runner's side is played by
 * writing {@code outbound.db} rows the way the runner does (as the other delivery tests do), so
 * each row kind can be planted exactly; wakes are recorded instead of spawning runners.
 */
final class HttpLoop implements AutoCloseable {
    static final String GROUP = EmbeddedDefaults.GROUP;
    static final String ADMIN_TOKEN = "admin-secret";

    final Path data;
    final SettableClock clock = new SettableClock(Instant.now());
    final CentralDb central;
    final CentralStores stores = CentralStores.sqlite(clock);
    final SessionLanes lanes = new SessionLanes(2);
    final InboundDb inbound = new InboundDb(Durability.POWER);
    final List<String> wakes = new CopyOnWriteArrayList<>();
    final ChannelRegistry channels = new ChannelRegistry();
    final HttpChannel http;
    final ApprovalClicks approvals;
    final DeliveryService delivery;
    final Vertx vertx = Vertx.vertx();
    final ChatClient chat;
    final String base;

    final String token;

    HttpLoop(Path tmp) throws Exception {
        this(tmp, 25L << 20, "");
    }

    /** {@code maxFile} is {@code delivery.max_file}; {@code token} the channel's bearer token ("" for none). */
    HttpLoop(Path tmp, long maxFile, String token) throws Exception {
        this.token = token;
        data = tmp.resolve("data");
        Files.createDirectories(data);
        central = CentralDb.open(data.resolve("central.db"), clock);
        central.call(c -> Sql.tx(c, tx -> EmbeddedDefaults.applyIfEmpty(tx, stores)));
        Router router = new Router(data, central, stores, lanes, inbound, wakes::add, clock, Duration.ofMinutes(10),
                new ApprovalHooks(new SenderApprovals(channels, clock), new ChannelApprovals(stores, channels, clock),
                        new CommandDenials(channels, clock)));
        approvals = new ApprovalClicks(central, stores, router, ADMIN_TOKEN, channels, clock);
        TandemConfig.Http config = new TandemConfig.Http(new HostPort("127.0.0.1", 0), token, 1 << 20, 64 << 10,
                Duration.ofDays(7), 100, Duration.ofSeconds(60), Duration.ofSeconds(10));
        http = new HttpChannel(config, central, new EventLog(stores.adapterState()), router, clock, approvals,
                new HostClicks(approvals, new QuestionClicks(central, stores, data, lanes, inbound, wakes::add, clock)),
                data);
        channels.register(http);
        delivery = new DeliveryService(lanes, inbound, channels, wakes::add, clock, 3, new CentralPendingQuestions(central),
                Duration.ofHours(24), maxFile);
        vertx.deployVerticle(http).await(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + http.actualPort();
        chat = new ChatClient(base);
    }

    /** Posts a message with platform id {@code id} into {@code chatId}; returns the session it was routed to. */
    SessionRef post(String chatId, String id, String sender, String text) throws Exception {
        var n = Json.object().put("id", id).put("text", text);
        n.putObject("sender").put("id", sender);
        ChatClient.Reply r = chat.send(request("/v1/chats/" + chatId + "/messages")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(n)))
                .build());
        if (r.status() != 202 || r.body().path("routed").isEmpty()) {
            throw new AssertionError("message not routed: " + r.status() + " " + r.body());
        }
        String session = r.body().path("routed").get(0).path("session_id").asText();
        return new SessionRef(session, GROUP, SessionPaths.of(data, GROUP, session));
    }

    /** The seq of the inbound message with platform id {@code platformMessageId}. */
    long inSeq(SessionRef s, String platformMessageId) throws Exception {
        return ((Number) inbound(s, "SELECT seq FROM messages_in WHERE platform_message_id = ?", platformMessageId)
                .get(0).get("seq")).longValue();
    }

    /** A {@code messages_out} row as the runner writes it (next odd seq, the session's own chat); returns its id. */
    String out(SessionRef s, String kind, String content) throws Exception {
        return out(s, Ids.mint(Ids.MESSAGE_OUT), kind, content);
    }

    /** As {@link #out(SessionRef, String, String)} with a given id (files are copied under it first). */
    String out(SessionRef s, String id, String kind, String content) throws Exception {
        SeqMinter minter = SeqMinter.outbound();
        long otherMax = minter.otherMax(s.paths().inboundDb());
        try (Connection c = SqliteOpener.openSession(s.paths().outboundDb(), Durability.POWER)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_out(id, seq, in_reply_to, timestamp, kind, content) "
                    + "VALUES (?, " + minter.nextSeqSql() + ", NULL, '2026-12-02T10:00:01.000Z', ?, ?)", id, otherMax,
                    kind, content));
        }
        return id;
    }

    long outSeq(SessionRef s, String id) throws Exception {
        return ((Number) new DataInspector(data).outbound(s.paths(), "SELECT seq FROM messages_out WHERE id = ?", id)
                .get(0).get("seq")).longValue();
    }

    /** One delivery pass and every continuation page. */
    void pass(SessionRef s) throws Exception {
        long after = delivery.pass(s).get(30, TimeUnit.SECONDS);
        while (after >= 0) {
            after = delivery.passAfter(s, after).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every event of {@code chatId} so far. */
    List<JsonNode> events(String chatId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ChatClient.Reply r = chat.send(request("/v1/chats/" + chatId + "/messages?after=0").GET().build());
        r.body().path("events").forEach(out::add);
        return out;
    }

    Map<String, Object> delivered(SessionRef s, String id) throws Exception {
        var r = inbound(s, "SELECT status, error, platform_message_id FROM delivered WHERE message_out_id = ?", id);
        return r.isEmpty() ? Map.of() : r.get(0);
    }

    List<Map<String, Object>> inbound(SessionRef s, String sql, Object... args) throws Exception {
        return new DataInspector(data).inbound(s.paths(), sql, args);
    }

    /** {@code POST /v1/chats/{chat}/actions}. */
    ChatClient.Reply click(String chatId, String questionId, String value, String user) throws Exception {
        var n = Json.object().put("question_id", questionId).put("value", value);
        if (user != null) {
            n.putObject("user").put("id", user);
        }
        return chat.send(request("/v1/chats/" + chatId + "/actions").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(n))).build());
    }

    /** A request to {@code path} with the channel's bearer token, if it has one. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return token.isEmpty() ? b : b.header("authorization", "Bearer " + token);
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        lanes.close();
        inbound.close();
        central.close();
    }
}
