package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's "500 → batch failed and retried", on a real host: the built-in openai agent meets an
 * HTTP 500 from a fake chat-completions server on loopback, fails its batch with the error, and the
 * host retries the message after the backoff; the second call answers.
 */
class OpenAiRetryHostTest {
    @TempDir
    Path tmp;

    @Test
    void aServerErrorFailsTheBatchAndTheHostRetriesItAfterTheBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Instant> callTimes = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                callTimes.add(Instant.now());
                boolean first = calls.getAndIncrement() == 0;
                byte[] body = (first ? "{\"error\":{\"message\":\"upstream exploded\"}}"
                        : "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":\"second time lucky\"},\"finish_reason\":\"stop\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(first ? 500 : 200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        server.start();
        Path data = DataFolders.init(tmp.resolve("data"));
        try (HostProcess host = HostProcess.start(data)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            ok("group", "add", "ai", "--agent", "openai", "--base-url", base, "--model", "test-model",
                    "--data", data.toString());
            ok("channel", "add", "http:ai", "--policy", "public", "--data", data.toString());
            ok("wire", "add", "http:ai", "ai", "--pattern", ".", "--data", data.toString());

            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("ai", "ann", "hi model").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("ai", 0, 90).path("text").asText()).isEqualTo("second time lucky");
            assertThat(calls.get()).isEqualTo(2);
            assertThat(Duration.between(callTimes.get(0), callTimes.get(1))).as("the retry waits for its backoff")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(4));

            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT status, tries FROM messages_in"))
                    .containsExactly(Map.of("status", "completed", "tries", 1)));
            assertThat(host.logText()).contains("message.failed_retry").contains("HTTP 500");
            assertThat(Timestamps.parse((String) db.inbound(s, "SELECT process_after FROM messages_in").get(0)
                    .get("process_after"))).isBeforeOrEqualTo(callTimes.get(1));
        } finally {
            server.stop(0);
        }
    }

    private static void ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as("%s", r).isZero();
    }
}
