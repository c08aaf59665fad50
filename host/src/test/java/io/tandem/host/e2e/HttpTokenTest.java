package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With adapters.http.token set, the chat API answers only requests that carry it. */
class HttpTokenTest {
    @TempDir
    Path tmp;

    @Test
    void requestsWithoutTheBearerTokenAre401AndChangeNothing() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_ADAPTERS__HTTP__TOKEN", "s3cret-token");
        try (HostProcess host = HostProcess.start(tmp.resolve("data"), env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            String body = "{\"sender\":{\"id\":\"ann\"},\"text\":\"hi\"}";
            ChatClient.Reply none = chat.post("demo", body);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.body().path("error").path("code").asText()).isEqualTo("unauthorized");
            ChatClient.Reply wrong = chat.send(request(host, "Bearer nope", body));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(chat.poll("demo", 0, 0).status()).isEqualTo(401);
            assertThat(new DataInspector(host.dataDir()).central("SELECT count(*) AS n FROM sessions"))
                    .containsExactly(Map.of("n", 0));

            ChatClient.Reply ok = chat.send(request(host, "Bearer s3cret-token", body));
            assertThat(ok.status()).isEqualTo(202);
            assertThat(host.logText()).doesNotContain("s3cret-token");
        }
    }

    private static HttpRequest request(HostProcess host, String auth, String body) {
        return HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/demo/messages"))
                .header("content-type", "application/json").header("authorization", auth)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
