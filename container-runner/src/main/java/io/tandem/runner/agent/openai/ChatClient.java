package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST {base_url}/chat/completions} with the JDK's HTTP client: connect timeout 10 s, each
 * call limited to what is left of the {@link CallBudget}, the key as {@code Authorization: Bearer}.
 * A 429 is retried after its {@code Retry-After} (at most {@value #MAX_RATE_LIMIT_RETRIES} times,
 * and only when the wait fits the budget); any other non-2xx status, a timeout, a connection
 * failure or a malformed body is a {@link ChatFailure} whose message names the cause (with the
 * key redacted). Nothing here logs headers.
 */
public final class ChatClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_RATE_LIMIT_RETRIES = 3;
    private static final int BODY_SNIPPET = 300;

    private final OpenAiSettings settings;
    private final HttpClient http;
    private final Clock clock;

    public ChatClient(OpenAiSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * One completion, retrying rate limits within the budget.
     *
     * @throws InterruptedException the agent is being stopped
     */
    public Completion complete(ObjectNode body, CallBudget budget) throws ChatFailure, InterruptedException {
        byte[] payload = Json.write(body).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            Duration left = budget.remaining();
            if (left.isNegative() || left.isZero()) {
                throw new ChatFailure("no time left of the batch timeout (" + budget.total().toSeconds()
                        + " s) for a chat completions call to " + settings.endpoint());
            }
            HttpResponse<String> response = send(payload, left);
            int status = response.statusCode();
            if (status == 429) {
                if (attempt >= MAX_RATE_LIMIT_RETRIES) {
                    throw new ChatFailure("chat completions at " + settings.endpoint() + " answered HTTP 429 "
                            + "(rate limited) " + (attempt + 1) + " times: " + snippet(response.body()));
                }
                Duration wait = RetryAfter.wait(response.headers().firstValue("retry-after"),
                        response.headers().firstValue("retry-after-ms"), attempt, clock.instant());
                if (wait.compareTo(budget.remaining()) >= 0) {
                    throw new ChatFailure("chat completions at " + settings.endpoint() + " answered HTTP 429 "
                            + "(rate limited) and asks to wait " + wait.toMillis() + " ms, more than is left of "
                            + "the batch timeout");
                }
                Thread.sleep(wait.toMillis());
                continue;
            }
            if (status / 100 != 2) {
                throw new ChatFailure("chat completions at " + settings.endpoint() + " answered HTTP " + status
                        + ": " + snippet(response.body()));
            }
            try {
                return ChatResponseParser.parse(response.body());
            } catch (ChatFailure f) {
                throw new ChatFailure(settings.redact(f.getMessage()));
            }
        }
    }

    private HttpResponse<String> send(byte[] payload, Duration timeout) throws ChatFailure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint()).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        // the wait is bounded on the wall clock too, whatever the client does before its own timer starts
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(timeout);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw new ChatFailure("could not connect to " + settings.endpoint() + " within "
                        + CONNECT_TIMEOUT.toSeconds() + " s");
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(timeout);
            }
            if (cause instanceof ConnectException) {
                throw new ChatFailure("could not connect to " + settings.endpoint() + ": " + cause.getMessage());
            }
            throw new ChatFailure("chat completions call to " + settings.endpoint() + " failed: "
                    + settings.redact(String.valueOf(cause)));
        }
    }

    private ChatFailure timedOut(Duration timeout) {
        return new ChatFailure("chat completions call to " + settings.endpoint() + " timed out after "
                + timeout.toMillis() + " ms (the batch timeout less a margin)");
    }

    private String snippet(String body) {
        String b = body == null ? "" : body.strip();
        if (b.length() > BODY_SNIPPET) {
            b = b.substring(0, BODY_SNIPPET) + "…";
        }
        return settings.redact(b.isEmpty() ? "(empty body)" : b);
    }
}
