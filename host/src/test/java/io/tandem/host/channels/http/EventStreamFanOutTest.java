package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.config.HostPort;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.support.SseClient;
import io.tandem.schema.json.Json;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSE endpoint's fan-out, on a real channel over loopback with a real central.db: many streams
 * on one chat cost one log read per new event (the chat's feed reads, the streams do not), streams
 * joining while events are appended see every event once and in order, typing frames are
 * ephemeral, and the heartbeat interval is the channel's (short here; 15 s by default).
 */
class EventStreamFanOutTest {
    static final int STREAMS = 20;
    @TempDir
    Path tmp;
    final Clock clock = Clock.systemUTC();
    Vertx vertx;
    CentralDb central;
    HttpChannel channel;
    String base;
    ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        TandemConfig.Http config = new TandemConfig.Http(new HostPort("127.0.0.1", 0), "", 1 << 20, 64 << 10,
                Duration.ofDays(7), 1000, Duration.ofSeconds(60), Duration.ofSeconds(10), 1000);
        EventLog eventLog = new EventLog(CentralStores.sqlite(clock).adapterState());
        channel = new HttpChannel(config, central, eventLog, null, clock, ApprovalActions.NONE, ActionClicks.NONE,
                null, Duration.ofMillis(200));
        vertx = Vertx.vertx();
        vertx.deployVerticle(channel).await(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + channel.actualPort();
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        vertx.close().await(30, TimeUnit.SECONDS);
        central.close();
    }

    @Test
    void manyStreamsOnOneChatCostOneLogReadPerEventNotOnePerStream() throws Exception {
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                streams.add(SseClient.open(base, "/v1/chats/demo/events", Map.of()));
            }
            EventStreamEndpoint sse = channel.eventStreams();
            await().atMost(Duration.ofSeconds(30)).until(() -> sse.open() == STREAMS && channel.hub().waiting() == 1);
            assertThat(sse.backlogReads()).as("one backlog read per stream as it opens").isEqualTo(STREAMS);
            int events = 10;
            long before = sse.feedReads() + sse.backlogReads();
            for (int i = 1; i <= events; i++) {
                channel.send(delivery("o-" + i, "demo", "reply " + i)).get(30, TimeUnit.SECONDS);
                int n = i;
                await().atMost(Duration.ofSeconds(30)).until(() -> streams.stream().allMatch(s -> s.events().size() == n));
            }
            long reads = sse.feedReads() + sse.backlogReads() - before;
            assertThat(reads).as("log reads for %d events on %d streams", events, STREAMS).isLessThanOrEqualTo(events);
            for (SseClient s : streams) {
                assertThat(s.events()).extracting(SseClient.Frame::id)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, events).mapToObj(Long::toString).toList());
                assertThat(s.events().get(0).json().path("text").asText()).isEqualTo("reply 1");
            }
        } finally {
            streams.forEach(SseClient::close);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> channel.eventStreams().open() == 0
                && channel.hub().waiting() == 0);
    }

    @Test
    void streamsJoiningWhileEventsAreAppendedSeeEachEventOnceInOrder() throws Exception {
        int total = 250; // more than two backlog pages
        Future<?> appender = pool.submit(() -> {
            for (int i = 1; i <= total; i++) {
                channel.send(delivery("o-" + i, "busy", "reply " + i)).get(30, TimeUnit.SECONDS);
                if (i % 9 == 0) { // a repeated delivery appends nothing
                    channel.send(delivery("o-" + i, "busy", "reply " + i)).get(30, TimeUnit.SECONDS);
                }
            }
            return null;
        });
        List<SseClient> streams = new ArrayList<>();
        List<Long> resumedFrom = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                long after = i % 3 == 0 ? 0 : (i * 17L) % 120;
                resumedFrom.add(after);
                streams.add(SseClient.open(base, "/v1/chats/busy/events?after=" + after, Map.of()));
            }
            appender.get(120, TimeUnit.SECONDS);
            for (int i = 0; i < streams.size(); i++) {
                long after = resumedFrom.get(i);
                List<SseClient.Frame> got = streams.get(i).awaitEvents((int) (total - after), Duration.ofSeconds(60));
                assertThat(got).extracting(SseClient.Frame::id).as("stream %d from %d", i, after)
                        .containsExactlyElementsOf(LongStream.rangeClosed(after + 1, total)
                                .mapToObj(Long::toString).toList());
            }
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void typingIsAnEphemeralFrameWithoutAnIdAndNeverInTheLog() throws Exception {
        try (SseClient s = SseClient.open(base, "/v1/chats/demo/events", Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> channel.hub().waiting() == 1);
            channel.typing(new ChatTarget("http", "demo", null), true);
            channel.send(delivery("o-1", "demo", "done")).get(30, TimeUnit.SECONDS);
            channel.typing(new ChatTarget("http", "demo", null), false);
            channel.typing(new ChatTarget("http", "elsewhere", null), true);
            await().atMost(Duration.ofSeconds(30)).until(() -> s.frames().size() == 3);
            List<SseClient.Frame> frames = s.frames();
            assertThat(frames).extracting(SseClient.Frame::event).containsExactly("typing", "message", "typing");
            assertThat(frames.get(0).id()).isNull();
            assertThat(frames.get(0).json()).isEqualTo(Json.parse("{\"type\":\"typing\",\"on\":true}"));
            assertThat(frames.get(2).json().path("on").asBoolean()).isFalse();
            assertThat(frames.get(1).id()).isEqualTo("1");
        }
        var poll = new io.tandem.host.support.ChatClient(base).poll("demo", 0, 0);
        assertThat(poll.body().path("events")).hasSize(1);
    }

    @Test
    void aQuietStreamGetsAHeartbeatCommentEveryInterval() throws Exception {
        try (SseClient s = SseClient.open(base, "/v1/chats/quiet/events", Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s.comments() >= 3);
            assertThat(s.frames()).isEmpty();
        }
        assertThat(HttpChannel.DEFAULT_HEARTBEAT).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aBadResumePointIsRefusedNamingTheField() throws Exception {
        try (SseClient s = SseClient.open(base, "/v1/chats/demo/events", Map.of("last-event-id", "abc"))) {
            assertThat(s.status()).isEqualTo(400);
            var error = s.errorBody().path("error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_field");
            assertThat(error.path("message").asText()).startsWith("Last-Event-ID");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> channel.eventStreams().open() == 0);
    }

    private static OutboundDelivery delivery(String id, String chat, String text) {
        return new OutboundDelivery("s-1", "echo", id, 1, "chat", "http", chat, null, Json.object().put("text", text),
                "2026-12-02T10:00:00.000Z");
    }
}
