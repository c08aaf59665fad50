package io.tandem.host.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconnecting event stream against a scripted SSE server on loopback (each connection gets
 * the next scripted answer): resume with {@code Last-Event-ID}, a silent stream dropped, a refused
 * reconnect retried, one report per outage, and a refusal at the start ending it.
 */
class ChatEventStreamTest {
    @TempDir
    Path data;

    private HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> lastEventIds = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connection = new AtomicInteger();

    private interface Script {
        void answer(int n, HttpExchange ex) throws Exception;
    }

    private void serve(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/v1/chats/demo/events", ex -> {
            lastEventIds.add(String.valueOf(ex.getRequestHeaders().getFirst("Last-Event-ID")));
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            try {
                script.answer(connection.incrementAndGet(), ex);
            } catch (Exception e) {
                // the client went away
            } finally {
                ex.close();
            }
        });
        server.start();
        Files.writeString(data.resolve("host.json"), "{\"http\":\"127.0.0.1:" + server.getAddress().getPort() + "\"}");
    }

    private static OutputStream open(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    private static void send(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private EventStream stream(String token) {
        ChatApi api = new ChatApi(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                new HostAddress(data), token, "demo");
        return new EventStream(api, new EventStream.Listener() {
            @Override
            public void event(SseEvent e) {
                seen.add("event " + e.id() + " " + e.type() + " " + e.data());
            }

            @Override
            public void connected(boolean again) {
                seen.add(again ? "reconnected" : "connected");
            }

            @Override
            public void lost(String why) {
                seen.add("lost: " + why);
            }
        }, new ReconnectDelay(Duration.ofMillis(10), Duration.ofMillis(100)), Clock.systemUTC(), Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
    }

    @Test
    void resumesAfterTheLastEventThroughSilenceAClosedStreamAndARefusal() throws Exception {
        serve((n, ex) -> {
            switch (n) {
                case 1 -> { // two events, then silence (no heartbeat): the client must give up on it
                    OutputStream out = open(ex);
                    send(out, ": hello\n\nid: 1\nevent: message\ndata: {\"text\":\"a\"}\n\n");
                    send(out, "id: 2\nevent: edit\ndata: {\"text\":\"b\"}\n\n");
                    release.await(30, TimeUnit.SECONDS);
                }
                case 2 -> { // one more event, then the host goes away
                    OutputStream out = open(ex);
                    send(out, "id: 3\nevent: message\ndata: {\"text\":\"c\"}\n\nid: 4\ndata: half an ev");
                }
                case 3 -> { // restarting: refused for now
                    byte[] body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"starting\"}}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(503, body.length);
                    ex.getResponseBody().write(body);
                }
                default -> {
                    OutputStream out = open(ex);
                    send(out, "event: typing\ndata: {\"on\":true}\n\nid: 4\nevent: message\ndata: {\"text\":\"d\"}\n\n");
                    while (!release.await(200, TimeUnit.MILLISECONDS)) {
                        send(out, ": heartbeat\n\n"); // keeps this stream alive however slow the test
                    }
                }
            }
        });
        try (EventStream s = stream("")) {
            assertThat(s.start(null, Duration.ofSeconds(30))).isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("event 4 message {\"text\":\"d\"}"));
            assertThat(seen).containsExactly(
                    "connected",
                    "event 1 message {\"text\":\"a\"}",
                    "event 2 edit {\"text\":\"b\"}",
                    "lost: nothing heard from the host for 1 s",
                    "reconnected",
                    "event 3 message {\"text\":\"c\"}",
                    "lost: the host closed the event stream",
                    "reconnected",
                    "event 3 typing {\"on\":true}",
                    "event 4 message {\"text\":\"d\"}");
            assertThat(lastEventIds).containsExactly("null", "2", "3", "3");
            assertThat(authorizations).containsOnly("null");
        }
    }

    @Test
    void aRefusalAtTheStartEndsTheStreamAndSaysWhy() throws Exception {
        serve((n, ex) -> {
            byte[] body = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"missing or wrong bearer token\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
        });
        try (EventStream s = stream("t0ken")) {
            assertThat(s.start(null, Duration.ofSeconds(30))).isEqualTo(Optional.of(
                    "the event stream was refused: HTTP 401: missing or wrong bearer token"));
        }
        assertThat(authorizations).containsExactly("Bearer t0ken");
        assertThat(seen).isEmpty();
    }

    @Test
    void noHostAtTheStartSaysSo() throws Exception {
        try (EventStream s = stream("")) {
            assertThat(s.start(null, Duration.ofSeconds(30))).isEqualTo(Optional.of(
                    "no host is running on " + data + " (no host.json)"));
        }
    }
}
