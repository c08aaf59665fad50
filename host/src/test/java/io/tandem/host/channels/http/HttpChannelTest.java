package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.channels.OutboundReaction;
import io.tandem.host.config.HostPort;
import io.tandem.host.config.TandemConfig;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The http channel in this JVM over real loopback HTTP and a real central.db: the channel SPI
 * operations become the documented events, long polls wake on them, and a failure inside the host
 * reaches the client only as an error id.
 */
class HttpChannelTest {
    @TempDir
    Path tmp;
    final Clock clock = Clock.systemUTC();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Vertx vertx;
    CentralDb central;
    HttpChannel channel;
    String base;

    @BeforeEach
    void start() throws Exception {
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        TandemConfig.Http config = new TandemConfig.Http(new HostPort("127.0.0.1", 0), "", 1 << 20, 64 << 10,
                Duration.ofDays(7), 100, Duration.ofSeconds(60), Duration.ofSeconds(10), 1000);
        channel = new HttpChannel(config, central, new EventLog(CentralStores.sqlite(clock).adapterState()), null, clock);
        vertx = Vertx.vertx();
        vertx.deployVerticle(channel).await(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + channel.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        central.close();
    }

    @Test
    void everyChannelOperationBecomesItsEventInTheChatLog() throws Exception {
        String msgId = channel.send(delivery("o-1", 1, "chat", Json.object().put("text", "hello"))).get(20, TimeUnit.SECONDS);
        var cardContent = Json.object().put("fallback_text", "pick one");
        cardContent.putObject("card").put("title", "Choose");
        String cardId = channel.sendCard(delivery("o-2", 3, "card", cardContent)).get(20, TimeUnit.SECONDS);
        ChatTarget demo = new ChatTarget("http", "demo", null);
        String edited = channel.edit(new OutboundEdit("s-1", "echo", "o-3", 5, demo, msgId, 1, "hello again",
                "2026-12-02T10:00:00.000Z")).get(20, TimeUnit.SECONDS);
        String reacted = channel.react(new OutboundReaction("s-1", "echo", "o-4", 7, demo, msgId, 1, "👍",
                "2026-12-02T10:00:00.000Z")).get(20, TimeUnit.SECONDS);
        // a repeated edit (same messages_out id) appends nothing
        channel.edit(new OutboundEdit("s-1", "echo", "o-3", 5, demo, msgId, 1, "hello again",
                "2026-12-02T10:00:00.000Z")).get(20, TimeUnit.SECONDS);

        assertThat(msgId).isEqualTo("1");
        assertThat(cardId).isEqualTo("2");
        assertThat(edited).isEqualTo(msgId);
        assertThat(reacted).isEqualTo(msgId);
        JsonNode events = get("/v1/chats/demo/messages?after=0").body().path("events");
        assertThat(events).hasSize(4);
        assertThat(events.get(0).path("type").asText()).isEqualTo("message");
        assertThat(events.get(0).path("text").asText()).isEqualTo("hello");
        assertThat(events.get(1).path("type").asText()).isEqualTo("card");
        assertThat(events.get(1).path("card").path("title").asText()).isEqualTo("Choose");
        assertThat(events.get(1).path("text").asText()).isEqualTo("pick one");
        assertThat(events.get(2).path("type").asText()).isEqualTo("edit");
        assertThat(events.get(2).path("target_platform_message_id").asText()).isEqualTo("1");
        assertThat(events.get(2).path("text").asText()).isEqualTo("hello again");
        assertThat(events.get(3).path("type").asText()).isEqualTo("reaction");
        assertThat(events.get(3).path("emoji").asText()).isEqualTo("👍");
        assertThat(events.get(3).path("cursor").asLong()).isEqualTo(4);
        for (JsonNode e : events) {
            assertThat(e.path("session_id").asText()).isEqualTo("s-1");
            assertThat(e.path("platform_message_id").asText()).isEqualTo(e.path("cursor").asText());
        }
    }

    @Test
    void aWaitingPollAnswersAsSoonAsAnEventIsAppended() throws Exception {
        CompletableFuture<Reply> poll = getAsync("/v1/chats/demo/messages?after=0&wait=30");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> channel.hub().waiting() == 1);
        long t0 = System.nanoTime();
        channel.send(delivery("o-1", 1, "chat", Json.object().put("text", "late"))).get(20, TimeUnit.SECONDS);
        Reply r = poll.get(25, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.body().path("events").get(0).path("text").asText()).isEqualTo("late");
        assertThat(r.body().path("next").asLong()).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> channel.hub().waiting() == 0);
    }

    @Test
    void aBugInsideTheHostAnswers500WithAnErrorIdAndNoInternals() throws Exception {
        try (Connection c = SqliteOpener.openCentral(tmp.resolve("central.db"))) {
            Sql.exec(c, "DROP TABLE chat_sdk_lists");
        }
        ListAppender<ILoggingEvent> logged = capture();
        Reply r = get("/v1/chats/demo/messages?after=0");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("internal");
        String message = r.body().path("error").path("message").asText();
        assertNoInternals(message);
        String errorId = errorId(message);
        assertThat(logged.list).anySatisfy(e -> {
            assertThat(e.getMessage()).isEqualTo("http.internal_error");
            assertThat(e.getKeyValuePairs()).anySatisfy(kv -> {
                assertThat(kv.key).isEqualTo("error_id");
                assertThat(kv.value).isEqualTo(errorId);
            });
            assertThat(e.getThrowableProxy()).as("the log keeps the cause").isNotNull();
        });
    }

    @Test
    void storageThatIsGoneAnswers503UnavailableWithAnErrorIdAndNoInternals() throws Exception {
        central.close();
        Reply r = get("/v1/chats/demo/messages?after=0");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("unavailable");
        assertNoInternals(r.body().path("error").path("message").asText());
        errorId(r.body().path("error").path("message").asText());
    }

    private static void assertNoInternals(String message) {
        assertThat(message).doesNotContain("Exception").doesNotContain("SQL").doesNotContain("chat_sdk")
                .doesNotContain("java.").doesNotContain("/");
    }

    private static String errorId(String message) {
        Matcher m = Pattern.compile("\\(error id (E-[0-9A-Z]{10})\\)").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return m.group(1);
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.start();
        ((Logger) LoggerFactory.getLogger(HttpFailures.class)).addAppender(a);
        return a;
    }

    private static OutboundDelivery delivery(String id, long seq, String kind, com.fasterxml.jackson.databind.JsonNode content) {
        return new OutboundDelivery("s-1", "echo", id, seq, kind, "http", "demo", null, content,
                "2026-12-02T10:00:00.000Z");
    }

    record Reply(int status, JsonNode body) {
    }

    private Reply get(String path) throws Exception {
        return getAsync(path).get(40, TimeUnit.SECONDS);
    }

    private CompletableFuture<Reply> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40)).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Reply(r.statusCode(),
                Json.parse(r.body())));
    }

}
