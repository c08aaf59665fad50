package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.SseClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/chats/{chat}/events} against a real host with the echo agent, over loopback:
 * replies arrive in order as SSE frames, a stream resumed from {@code Last-Event-ID} (or
 * {@code ?after}) loses and repeats nothing, the bearer token is required (header or
 * {@code ?access_token=}), and streams over {@code adapters.http.max_streams} get 503.
 */
class EventStreamTest {
    private static final String TOKEN = "sse-t0ken";
    private static final Map<String, String> AUTH = Map.of("authorization", "Bearer " + TOKEN);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static HostProcess host;

    @BeforeAll
    static void startHost() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_ADAPTERS__HTTP__TOKEN", TOKEN);
        env.put("TANDEM_ADAPTERS__HTTP__MAX_STREAMS", "3");
        host = HostProcess.start(tmp.resolve("data"), env);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void repliesArriveInOrderAndAResumedStreamLosesAndRepeatsNothing() throws Exception {
        List<String> sent = new ArrayList<>();
        long base = lastCursor(); // only chat demo is wired (to the echo agent); other tests add to it
        try (SseClient first = SseClient.open(host.httpBase(), "/v1/chats/demo/events?after=" + base, AUTH)) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("content-type")).startsWith("text/event-stream");
            for (String t : List.of("one", "two", "three")) {
                say(t);
                sent.add("echo: " + t);
            }
            List<SseClient.Frame> got = first.awaitEvents(3, WAIT);
            assertThat(got).extracting(SseClient.Frame::id).containsExactly(ids(base, 1, 3));
            assertThat(got).extracting(SseClient.Frame::event).containsOnly("message");
            assertThat(got).extracting(f -> f.json().path("text").asText()).containsExactlyElementsOf(sent);
            assertThat(got).extracting(f -> f.json().path("cursor").asLong()).containsExactly(base + 1, base + 2,
                    base + 3);
        }
        // while no stream is open, two more replies are stored
        for (String t : List.of("four", "five")) {
            say(t);
            sent.add("echo: " + t);
        }
        Awaitility.await().atMost(WAIT).until(() -> lastCursor() >= base + 5);

        Map<String, String> resume = new LinkedHashMap<>(AUTH);
        resume.put("last-event-id", Long.toString(base + 3));
        // Last-Event-ID (what EventSource sends when it reconnects) wins over a stale ?after in the URL
        try (SseClient again = SseClient.open(host.httpBase(), "/v1/chats/demo/events?after=" + base, resume);
             SseClient byQuery = SseClient.open(host.httpBase(), "/v1/chats/demo/events?after=" + (base + 1), AUTH)) {
            assertThat(again.awaitEvents(2, WAIT)).extracting(SseClient.Frame::id).containsExactly(ids(base, 4, 5));
            say("six");
            sent.add("echo: six");
            List<SseClient.Frame> resumed = again.awaitEvents(3, WAIT);
            assertThat(resumed).extracting(SseClient.Frame::id).containsExactly(ids(base, 4, 6));
            assertThat(resumed).extracting(f -> f.json().path("text").asText())
                    .containsExactlyElementsOf(sent.subList(3, 6));
            assertThat(byQuery.awaitEvents(5, WAIT)).extracting(SseClient.Frame::id)
                    .containsExactly(ids(base, 2, 6));
        }
    }

    @Test
    void theBearerTokenIsRequiredInTheHeaderOrTheQuery() throws Exception {
        try (SseClient none = SseClient.open(host.httpBase(), "/v1/chats/demo/events", Map.of());
             SseClient wrong = SseClient.open(host.httpBase(), "/v1/chats/demo/events?access_token=nope", Map.of())) {
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorBody().path("error").path("code").asText()).isEqualTo("unauthorized");
            assertThat(wrong.status()).isEqualTo(401);
        }
        try (SseClient query = SseClient.open(host.httpBase(), "/v1/chats/demo/events?access_token=" + TOKEN
                + "&after=" + lastCursor(), Map.of())) {
            assertThat(query.status()).isEqualTo(200);
            say("hi");
            assertThat(query.awaitEvents(1, WAIT).get(0).json().path("text").asText()).isEqualTo("echo: hi");
        }
        // the query token is for GETs of streams and files only, never for posting
        HttpRequest post = HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/demo/messages?access_token="
                        + TOKEN)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sender\":{\"id\":\"ann\"},\"text\":\"x\"}")).build();
        assertThat(new ChatClient(host.httpBase()).send(post).status()).isEqualTo(401);
        assertThat(host.logText()).doesNotContain(TOKEN);
    }

    @Test
    void streamsOverTheCapGet503WithAClearErrorAndOneFitsAgainOnceAnotherCloses() throws Exception {
        List<SseClient> held = new ArrayList<>();
        try {
            // streams of the other tests may still be closing: fill up to the cap, whatever was open
            Awaitility.await().atMost(WAIT).until(() -> {
                SseClient s = SseClient.open(host.httpBase(), "/v1/chats/demo/events", AUTH);
                if (s.status() == 200) {
                    held.add(s);
                    return held.size() == 3;
                }
                s.close();
                return false;
            });
            try (SseClient over = SseClient.open(host.httpBase(), "/v1/chats/demo/events", AUTH)) {
                assertThat(over.status()).isEqualTo(503);
                var error = over.errorBody().path("error");
                assertThat(error.path("code").asText()).isEqualTo("unavailable");
                assertThat(error.path("message").asText()).contains("adapters.http.max_streams = 3");
            }
            held.remove(0).close();
            Awaitility.await("a stream fits again").atMost(WAIT).until(() -> {
                SseClient s = SseClient.open(host.httpBase(), "/v1/chats/demo/events", AUTH);
                if (s.status() == 200) {
                    held.add(s);
                    return true;
                }
                s.close();
                return false;
            });
            say("still served");
            for (SseClient s : held) {
                Awaitility.await().atMost(WAIT).until(() -> s.events().stream()
                        .anyMatch(f -> f.json().path("text").asText().equals("echo: still served")));
            }
        } finally {
            held.forEach(SseClient::close);
        }
    }

    private static String[] ids(long base, int from, int to) {
        return java.util.stream.LongStream.rangeClosed(base + from, base + to).mapToObj(Long::toString)
                .toArray(String[]::new);
    }

    private static void say(String text) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/demo/messages"))
                .header("content-type", "application/json").header("authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sender\":{\"id\":\"ann\",\"name\":\"Ann\"},\"text\":\"" + text + "\"}")).build();
        assertThat(new ChatClient(host.httpBase()).send(req).status()).isEqualTo(202);
    }

    /** The chat's last cursor (events are paged by 100; these tests stay far below). */
    private static long lastCursor() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/demo/messages?after=0"))
                .header("authorization", "Bearer " + TOKEN).GET().build();
        var events = new ChatClient(host.httpBase()).send(req).body().path("events");
        return events.isEmpty() ? 0 : events.get(events.size() - 1).path("cursor").asLong();
    }
}
