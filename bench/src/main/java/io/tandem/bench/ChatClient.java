package io.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's side of the http channel (DESIGN 6), loopback only, one request at a time: POST a
 * message, long-poll the chat's event log (the latency, cold and idle modes). The throughput modes
 * use {@link AsyncChatClient}, which keeps many chats busy without a thread each.
 */
public final class ChatClient {
    /** One reply event: its cursor and text ({@code echo: <posted text>} from the echo agent). */
    public record Event(long cursor, String text) {
    }

    /** A long poll's answer: the events and the cursor to ask after next. */
    public record Page(List<Event> events, long next) {
        /** Parses a 200 answer to a long poll that asked for events after {@code after}. */
        static Page of(String body, long after) {
            JsonNode root = Json.parse(body);
            List<Event> events = new ArrayList<>();
            for (JsonNode e : root.path("events")) {
                events.add(new Event(e.path("cursor").asLong(), e.path("text").asText("")));
            }
            return new Page(events, root.path("next").asLong(after));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public ChatClient(String base) {
        if (!base.startsWith("http://127.0.0.1:") && !base.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("the bench talks to loopback only, not " + base);
        }
        this.base = base;
    }

    /** POSTs {@code text} and fails unless the host answers 202. */
    public void post(String chat, String text) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(postRequest(chat, text), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST to " + chat + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Long-polls the chat for events after {@code after}, up to {@code waitSeconds}. */
    public Page poll(String chat, long after, int waitSeconds) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chats/" + chat
                + "/messages?wait=" + waitSeconds + "&after=" + after)).timeout(Duration.ofSeconds(waitSeconds + 30L))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET events of " + chat + " answered " + r.statusCode() + ": " + r.body());
        }
        return Page.of(r.body(), after);
    }

    /**
     * Posts {@code text} and waits for the reply event naming it; returns the cursor after it.
     * Bounded: fails after {@code timeout}.
     */
    public long roundTrip(String chat, String text, long after, Duration timeout) throws IOException, InterruptedException {
        post(chat, text);
        return awaitReply(chat, text, after, timeout);
    }

    /** Waits for the echo of {@code text} after cursor {@code after}; returns the cursor after it. */
    public long awaitReply(String chat, String text, long after, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long cursor = after;
        String want = "echo: " + text;
        while (System.nanoTime() < deadline) {
            Page page = poll(chat, cursor, 30);
            cursor = page.next();
            for (Event e : page.events()) {
                if (e.text().equals(want)) {
                    return cursor;
                }
            }
        }
        throw new IllegalStateException("no reply to '" + text + "' in " + chat + " within " + timeout);
    }

    /** GET on the admin API; the status code (readiness: 200 ready, 503 not). */
    public int adminStatus(String adminBase, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(adminBase + path)).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpRequest postRequest(String chat, String text) {
        String body = "{\"sender\":{\"id\":\"bench\"},\"text\":" + Json.write(text) + "}";
        return HttpRequest.newBuilder(URI.create(base + "/v1/chats/" + chat + "/messages"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
