package io.tandem.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The http channel as a user's client sees it, over real loopback HTTP. */
public final class ChatClient {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ChatClient(String base) {
        this.base = base;
    }

    /** A status code and the parsed JSON body. */
    public record Reply(int status, JsonNode body) {
    }

    public Reply post(String chatId, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/v1/chats/" + chatId + "/messages"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply say(String chatId, String senderId, String text) throws IOException, InterruptedException {
        var n = Json.object();
        n.putObject("sender").put("id", senderId).put("name", senderId);
        n.put("text", text);
        return post(chatId, Json.write(n));
    }

    public Reply poll(String chatId, long after, int waitSeconds) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/v1/chats/" + chatId + "/messages?after=" + after
                + "&wait=" + waitSeconds)).timeout(Duration.ofSeconds(waitSeconds + 10L)).GET().build());
    }

    /** Long-polls until an event with cursor above {@code after} arrives or {@code seconds} pass. */
    public JsonNode awaitEvent(String chatId, long after, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Reply r = poll(chatId, after, 5);
            if (r.status() == 200 && r.body().path("events").size() > 0) {
                return r.body().path("events").get(0);
            }
        }
        throw new AssertionError("no event in chat " + chatId + " after cursor " + after + " within " + seconds + " s");
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    public Reply send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body() == null || r.body().isBlank() ? Json.object() : Json.parse(r.body());
        return new Reply(r.statusCode(), body);
    }
}
