package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.config.HostPort;
import io.tandem.host.config.TandemConfig;
import io.tandem.schema.json.Json;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: appended events are handed to waiting long polls instead of every waiter querying the
 * log again. Real loopback HTTP, a real central.db; correctness, not timing: every poller sees
 * every event of its chat exactly once, in cursor order, whatever the interleaving of appends.
 */
class LongPollHandOverTest {
    static final int APPENDERS = 4;
    static final int PER_APPENDER = 60;
    static final int POLLERS_PER_CHAT = 3;
    static final List<String> CHATS = List.of("demo", "other");
    @TempDir
    Path tmp;
    final Clock clock = Clock.systemUTC();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Vertx vertx;
    CentralDb central;
    EventLog eventLog;
    HttpChannel channel;
    String base;
    ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        TandemConfig.Http config = new TandemConfig.Http(new HostPort("127.0.0.1", 0), "", 1 << 20, 64 << 10,
                Duration.ofDays(7), 100, Duration.ofSeconds(60), Duration.ofSeconds(10), 1000);
        eventLog = new EventLog(CentralStores.sqlite(clock).adapterState());
        channel = new HttpChannel(config, central, eventLog, null, clock);
        vertx = Vertx.vertx();
        vertx.deployVerticle(channel).await(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + channel.actualPort();
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
        central.close();
    }

    @Test
    void everyPollerGetsEveryEventExactlyOnceInOrderUnderConcurrentAppends() throws Exception {
        int perChat = APPENDERS * PER_APPENDER / CHATS.size();
        List<Future<List<JsonNode>>> pollers = new ArrayList<>();
        for (String chat : CHATS) {
            for (int p = 0; p < POLLERS_PER_CHAT; p++) {
                pollers.add(pool.submit(() -> pollUntil(chat, perChat)));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> channel.hub().waiting() == CHATS.size() * POLLERS_PER_CHAT);
        List<Future<?>> appenders = new ArrayList<>();
        for (int a = 0; a < APPENDERS; a++) {
            int appender = a;
            appenders.add(pool.submit(() -> {
                for (int i = 0; i < PER_APPENDER; i++) {
                    String chat = CHATS.get(i % CHATS.size());
                    String id = "o-" + appender + "-" + i;
                    channel.send(delivery(id, chat, chat + ":" + id)).get(30, TimeUnit.SECONDS);
                    if (i % 7 == 0) { // a repeated delivery appends nothing and announces no new event
                        channel.send(delivery(id, chat, chat + ":" + id)).get(30, TimeUnit.SECONDS);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : appenders) {
            f.get(120, TimeUnit.SECONDS);
        }
        int p = 0;
        for (String chat : CHATS) {
            for (int i = 0; i < POLLERS_PER_CHAT; i++, p++) {
                List<JsonNode> seen = pollers.get(p).get(120, TimeUnit.SECONDS);
                assertThat(seen.stream().map(e -> e.path("cursor").asLong()).toList()).as("poller %d of %s", i, chat)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, perChat).boxed().toList());
                Set<String> texts = seen.stream().map(e -> e.path("text").asText()).collect(Collectors.toSet());
                assertThat(texts).hasSize(perChat).allMatch(t -> t.startsWith(chat + ":"));
            }
        }
        assertThat(channel.hub().handedOver()).as("waiting polls were answered from the appended event").isPositive();
        assertThat(channel.hub().waiting()).isZero();
    }

    /** A poll waiting below an event it never saw reads the log, so the earlier event is not skipped. */
    @Test
    void aWaiterWithAnOldCursorStillGetsTheEarlierEvents() throws Exception {
        var poll = pool.submit(() -> get("/v1/chats/demo/messages?after=0&wait=30"));
        await().atMost(Duration.ofSeconds(20)).until(() -> channel.hub().waiting() == 1);
        // committed without an announcement: the waiter (after=0) has not seen cursor 1
        central.tx(c -> eventLog.append(c, "demo", "o-unseen", Json.object().put("text", "unseen"), null))
                .get(20, TimeUnit.SECONDS);
        channel.send(delivery("o-2", "demo", "second")).get(20, TimeUnit.SECONDS);
        JsonNode body = poll.get(30, TimeUnit.SECONDS);
        List<String> texts = new ArrayList<>();
        body.path("events").forEach(e -> texts.add(e.path("text").asText()));
        assertThat(texts).containsExactly("unseen", "second");
        assertThat(body.path("next").asLong()).isEqualTo(2);
        assertThat(channel.hub().handedOver()).isZero();
        assertThat(channel.hub().woken()).isEqualTo(1);
    }

    /** Polls from cursor 0 until it holds the last cursor; a skipped or repeated event shows in the list. */
    private List<JsonNode> pollUntil(String chat, int lastCursor) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        long after = 0;
        while (after < lastCursor) {
            JsonNode body = get("/v1/chats/" + chat + "/messages?after=" + after + "&wait=30");
            for (JsonNode e : body.path("events")) {
                seen.add(e);
            }
            after = body.path("next").asLong();
        }
        return seen;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(40)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    private static OutboundDelivery delivery(String id, String chat, String text) {
        return new OutboundDelivery("s-1", "echo", id, 1, "chat", "http", chat, null, Json.object().put("text", text),
                "2026-12-02T10:00:00.000Z");
    }
}
