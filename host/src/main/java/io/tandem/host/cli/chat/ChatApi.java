package io.tandem.host.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The http channel's chat endpoints (DESIGN 6) for one chat, as the terminal uses them: post a
 * message, post a question's answer, open the event stream. The host's address is looked up
 * again for every request ({@link HostAddress}); the bearer token, when the channel has one, is
 * sent on every request and never printed.
 */
public final class ChatApi {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final HostAddress host;
    private final String token;
    private final String chatId;

    /** {@code token} empty when the channel is open; {@code chatId} already checked safe. */
    public ChatApi(HttpClient client, HostAddress host, String token, String chatId) {
        this.client = client;
        this.host = host;
        this.token = token;
        this.chatId = chatId;
    }

    public String chatId() {
        return chatId;
    }

    /** A finished request: the status and the JSON body (an empty object when there was none). */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The API's error message, or the bare status when the body has none. */
        public String error() {
            String m = body.path("error").path("message").asText("");
            return "HTTP " + status + (m.isEmpty() ? "" : ": " + m);
        }
    }

    /** {@code POST /v1/chats/{chat}/messages}; {@code id} makes a repeat after a lost answer harmless. */
    public Reply postMessage(String id, String senderId, String senderName, String text)
            throws IOException, InterruptedException {
        ObjectNode body = Json.object();
        body.put("id", id);
        ObjectNode sender = body.putObject("sender");
        sender.put("id", senderId);
        if (senderName != null) {
            sender.put("name", senderName);
        }
        body.put("text", text);
        return post("messages", body);
    }

    /** {@code POST /v1/chats/{chat}/actions} {@code {"question_id","value","user":{"id"}}}. */
    public Reply postAnswer(String questionId, String value, String userId) throws IOException, InterruptedException {
        ObjectNode body = Json.object();
        body.put("question_id", questionId);
        body.put("value", value);
        body.putObject("user").put("id", userId);
        return post("actions", body);
    }

    /**
     * {@code GET /v1/chats/{chat}/events}, resuming after {@code lastEventId} when there is one.
     * Returns once the headers arrived; the caller reads (and closes) the body.
     */
    public HttpResponse<InputStream> openEvents(String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = request("events").header("Accept", "text/event-stream").GET();
        if (lastEventId != null && !lastEventId.isEmpty()) {
            b.header("Last-Event-ID", lastEventId);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The base URL event file links are relative to. */
    public String baseUrl() throws HostAddress.HostUnreachable {
        return host.baseUrl();
    }

    /** Reads the body of a refused event-stream request as a {@link Reply}. */
    public static Reply refusal(HttpResponse<InputStream> resp) throws IOException {
        try (InputStream in = resp.body()) {
            return reply(resp.statusCode(), new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Reply post(String resource, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest req = request(resource).timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
        return reply(resp.statusCode(), resp.body());
    }

    private HttpRequest.Builder request(String resource) throws HostAddress.HostUnreachable {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.baseUrl() + "/v1/chats/" + chatId + "/" + resource));
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static Reply reply(int status, String text) {
        JsonNode json;
        try {
            json = text == null || text.isBlank() ? Json.object() : Json.parse(text);
        } catch (IllegalArgumentException e) {
            json = Json.object();
        }
        return new Reply(status, json);
    }
}
