package io.tandem.host.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The Bot API over the JDK's asynchronous {@link HttpClient}: no call blocks the caller's thread,
 * so the adapter never holds a Vert.x event loop or a session lane while Telegram answers. Calls
 * are {@code POST {api_base}/bot<token>/<method>} with a JSON body (multipart for a document).
 *
 * <p>A 429 is waited out here ({@code parameters.retry_after}, at most {@link #MAX_RETRY_AFTER}
 * per wait, at most {@link #MAX_429_RETRIES} waits), without a thread sleeping. Every other failure
 * becomes a {@link BotApiException} carrying Telegram's {@code error_code} and
 * {@code description}. The invariant kept: the token is part of every request URL, so no text that
 * leaves this class (exception messages, log values) may contain it; {@link #scrub} removes it.
 */
final class BotApi {
    static final int MAX_429_RETRIES = 3;
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final String base;
    private final String token;

    BotApi(HttpClient client, String apiBase, String token) {
        this.client = client;
        this.base = apiBase + "/bot" + token + "/";
        this.token = token;
    }

    /** Calls {@code method} with a JSON body; completes with the {@code result} node. */
    CompletableFuture<JsonNode> call(String method, ObjectNode params) {
        return call(method, params, CALL_TIMEOUT);
    }

    /** As {@link #call(String, ObjectNode)} with a request timeout (long polls wait longer). */
    CompletableFuture<JsonNode> call(String method, ObjectNode params, Duration timeout) {
        byte[] body = Json.write(params).getBytes(StandardCharsets.UTF_8);
        return attempt(method, () -> HttpRequest.newBuilder(URI.create(base + method)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), 0);
    }

    /**
     * Calls {@code method} as {@code multipart/form-data}: every field of {@code params} as a text
     * part (objects as JSON), plus the file {@code fileField}.
     */
    CompletableFuture<JsonNode> callMultipart(String method, ObjectNode params, String fileField, String fileName,
                                              String mimeType, byte[] file) {
        String boundary = "tandem-" + UUID.randomUUID();
        byte[] body = multipart(boundary, params, fileField, fileName, mimeType, file);
        return attempt(method, () -> HttpRequest.newBuilder(URI.create(base + method))
                .timeout(CALL_TIMEOUT.multipliedBy(4))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), 0);
    }

    private CompletableFuture<JsonNode> attempt(String method, java.util.function.Supplier<HttpRequest> request,
                                                int retries) {
        return client.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((resp, err) -> {
                    if (err != null) {
                        Throwable cause = err instanceof CompletionException && err.getCause() != null
                                ? err.getCause() : err;
                        throw new BotApiException(method + " failed: " + scrub(String.valueOf(cause)), 0, 0);
                    }
                    return parse(method, resp.statusCode(), resp.body());
                })
                .exceptionallyCompose(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof BotApiException b && b.errorCode() == 429 && retries < MAX_429_RETRIES
                            && b.retryAfter() <= MAX_RETRY_AFTER.toSeconds()) {
                        var later = CompletableFuture.delayedExecutor(Math.max(1, b.retryAfter()), TimeUnit.SECONDS);
                        return CompletableFuture.supplyAsync(() -> null, later)
                                .thenCompose(x -> attempt(method, request, retries + 1));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private JsonNode parse(String method, int status, String body) {
        JsonNode n;
        try {
            n = Json.parse(body);
        } catch (RuntimeException e) {
            throw new BotApiException(method + ": HTTP " + status + " with a body that is not JSON", status, 0);
        }
        if (n.path("ok").asBoolean(false) && status / 100 == 2) {
            return n.path("result");
        }
        int code = n.path("error_code").asInt(status);
        String description = scrub(n.path("description").asText("HTTP " + status));
        throw new BotApiException(method + ": " + description, code,
                n.path("parameters").path("retry_after").asInt(0));
    }

    /** {@code text} with every occurrence of the bot token replaced. */
    String scrub(String text) {
        return scrub(text, token);
    }

    static String scrub(String text, String token) {
        return text == null || token.isEmpty() ? text : text.replace(token, "<token>");
    }

    private static byte[] multipart(String boundary, ObjectNode params, String fileField, String fileName,
                                    String mimeType, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 1024);
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String value = f.getValue().isTextual() ? f.getValue().asText() : Json.write(f.getValue());
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + value + "\r\n");
        }
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName.replace("\"", "_") + "\"\r\nContent-Type: " + mimeType + "\r\n\r\n");
        out.writeBytes(file);
        write(out, "\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
