package io.tandem.runner.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.json.Json;
import io.tandem.schema.session.ContainerSpec;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side against a fake chat-completions server on loopback. */
class ChatClientTest {
    private static final String KEY = "sk-test-0123456789";
    private final FakeChatCompletions server;

    ChatClientTest() throws Exception {
        server = new FakeChatCompletions();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatClient client(String baseUrl) {
        OpenAiSettings s = OpenAiSettings.from(new ContainerSpec.Agent("openai", List.of(), Map.of(), ".", baseUrl,
                "test-model", null, "KEY_VAR", null, null, null), Map.of("KEY_VAR", KEY)::get, 600_000);
        return new ChatClient(s, Clock.systemUTC());
    }

    private static CallBudget budget(Duration d) {
        return new CallBudget(d, System::nanoTime);
    }

    @Test
    void aCallPostsJsonWithTheBearerKeyAndReadsTheAnswer() throws Exception {
        server.thenText("hello");
        Completion c = client(server.baseUrl()).complete(Json.object().put("model", "test-model"),
                budget(Duration.ofSeconds(30)));
        assertThat(c.text()).isEqualTo("hello");
        FakeChatCompletions.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.body().path("model").asText()).isEqualTo("test-model");
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter() throws Exception {
        server.thenStatus(429, Map.of("Retry-After", "1"), "{\"error\":{\"message\":\"slow down\"}}").thenText("ok");
        long t0 = System.nanoTime();
        Completion c = client(server.baseUrl()).complete(Json.object(), budget(Duration.ofSeconds(30)));
        assertThat(c.text()).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void rateLimitsAreBoundedInCountAndByTheBudget() {
        for (int i = 0; i <= ChatClient.MAX_RATE_LIMIT_RETRIES; i++) {
            server.thenStatus(429, Map.of("retry-after-ms", "10"), "{}");
        }
        assertThatThrownBy(() -> client(server.baseUrl()).complete(Json.object(), budget(Duration.ofSeconds(30))))
                .isInstanceOf(ChatFailure.class).hasMessageContaining("answered HTTP 429 (rate limited) 4 times");
        assertThat(server.requests()).hasSize(4);

        server.thenStatus(429, Map.of("Retry-After", "120"), "{}");
        assertThatThrownBy(() -> client(server.baseUrl()).complete(Json.object(), budget(Duration.ofSeconds(30))))
                .isInstanceOf(ChatFailure.class).hasMessageContaining("asks to wait 120000 ms, more than is left");
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void anErrorStatusIsAFailureWithTheBodyAndTheKeyRedacted() {
        server.thenStatus(401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}");
        assertThatThrownBy(() -> client(server.baseUrl()).complete(Json.object(), budget(Duration.ofSeconds(30))))
                .isInstanceOf(ChatFailure.class).hasMessageContaining("answered HTTP 401")
                .hasMessageContaining("Incorrect API key provided: ***").hasMessageNotContaining(KEY);
        server.thenStatus(500, Map.of(), "");
        assertThatThrownBy(() -> client(server.baseUrl()).complete(Json.object(), budget(Duration.ofSeconds(30))))
                .hasMessageContaining("answered HTTP 500: (empty body)");
    }

    @Test
    void aMalformedBodyIsAFailure() {
        server.thenStatus(200, Map.of(), "{\"choices\": [");
        assertThatThrownBy(() -> client(server.baseUrl()).complete(Json.object(), budget(Duration.ofSeconds(30))))
                .isInstanceOf(ChatFailure.class).hasMessageContaining("malformed chat completions response: not JSON");
    }

    @Test
    void aSilentServerTimesOutWithinTheBudget() {
        server.then(new FakeChatCompletions.Answer(200, Map.of(), "{}", 30_000));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client(server.baseUrl()).complete(Json.object(), budget(Duration.ofMillis(800))))
                .isInstanceOf(ChatFailure.class).hasMessageContaining("timed out after");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThatThrownBy(() -> client(server.baseUrl()).complete(Json.object(), budget(Duration.ZERO)))
                .hasMessageContaining("no time left of the batch timeout");
    }

    @Test
    void aServerThatIsNotThereIsAFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> client("http://127.0.0.1:" + port + "/v1").complete(Json.object(),
                budget(Duration.ofSeconds(30)))).isInstanceOf(ChatFailure.class)
                .hasMessageContaining("could not connect to http://127.0.0.1:" + port + "/v1/chat/completions");
    }
}
