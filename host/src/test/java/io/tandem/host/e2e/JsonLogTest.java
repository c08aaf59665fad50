package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.FakeBotApi;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log.format = json}: every line a host writes to stderr is one JSON object (logback's
 * JsonEncoder), and the message-path lines carry the session, agent group, message id and seq as
 * key-value fields. Secrets given to the host never reach its log, whichever format.
 */
class JsonLogTest {
    private static final Pattern READY = Pattern.compile("tandem ready http=(\\S+) admin=\\S+ data=.+");

    @TempDir
    Path tmp;

    @Test
    void everyLineIsAJsonObjectAndMessagePathLinesCarryTheIds() throws Exception {
        Map<String, String> env = HostProcess.testEnv();
        env.put("TANDEM_LOG__FORMAT", "json");
        HostProcess host = HostProcess.start(tmp.resolve("data"), env);
        String posted;
        try (host) {
            ChatClient chat = new ChatClient(host.httpBase());
            ChatClient.Reply r = chat.say("demo", "ann", "hello \"json\"\nsecond line");
            assertThat(r.status()).isEqualTo(202);
            posted = r.body().path("routed").get(0).path("session_id").asText();
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).startsWith("echo: hello");
            Awaitility.await("delivery logged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> host.logText().contains("delivery.delivered"));
            assertThat(host.stop()).isZero();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : host.logText().split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = Json.parse(line);
                assertThat(n.isObject()).as(line).isTrue();
                assertThat(n.path("level").asText()).as(line).isNotEmpty();
                assertThat(n.path("message").asText()).as(line).isNotEmpty();
                assertThat(n.path("timestamp").isNumber()).as(line).isTrue();
                lines.add(n);
            }
        }
        assertThat(lines).extracting(n -> n.path("message").asText()).contains("shutdown.done");

        Map<String, String> accepted = fields(event(lines, "inbound.accepted"));
        assertThat(accepted).containsEntry("session", posted).containsKeys("agent_group", "id", "seq");
        assertThat(Long.parseLong(accepted.get("seq")) % 2).isZero();
        Map<String, String> delivered = fields(event(lines, "delivery.delivered"));
        assertThat(delivered).containsEntry("session", posted).containsEntry("agent_group", accepted.get("agent_group"))
                .containsEntry("in_reply_to", accepted.get("id")).containsKeys("id", "seq");
        assertThat(Long.parseLong(delivered.get("seq")) % 2).isOne();
        assertThat(fields(event(lines, "runner.spawned"))).containsEntry("session", posted).containsKey("pid");
    }

    @Test
    void secretsInTheEnvironmentNeverReachTheLogEvenAtDebug() throws Exception {
        String httpToken = "http-s3cret-7d1e";
        String botToken = "123456:AAbot-s3cret_token";
        String apiKey = "sk-test-s3cret-api-key";
        try (FakeBotApi fake = new FakeBotApi(botToken)) {
            Path data = DataFolders.init(tmp.resolve("data"));
            Path err = tmp.resolve("host.log");
            ProcessBuilder pb = JavaProcesses.builder("io.tandem.host.cli.TandemCli", "up", "--data", data.toString(),
                    "--http", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--log-format", "json");
            pb.environment().putAll(HostProcess.testEnv());
            pb.environment().put("TANDEM_LOG_LEVEL", "DEBUG");
            pb.environment().put("TANDEM_ADAPTERS__HTTP__TOKEN", httpToken);
            pb.environment().put("TANDEM_ADAPTERS__TELEGRAM__ENABLED", "true");
            pb.environment().put("TANDEM_ADAPTERS__TELEGRAM__TOKEN", botToken);
            pb.environment().put("TANDEM_ADAPTERS__TELEGRAM__API_BASE", fake.base());
            pb.environment().put("TANDEM_ADAPTERS__TELEGRAM__POLL_TIMEOUT", "1s");
            pb.environment().put("OPENAI_API_KEY", apiKey);
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String http = readyAddress(p, err);
            try {
                ChatClient chat = new ChatClient("http://" + http);
                ChatClient.Reply ok = chat.send(HttpRequest.newBuilder(URI.create("http://" + http
                                + "/v1/chats/demo/messages")).header("content-type", "application/json")
                        .header("authorization", "Bearer " + httpToken).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sender\":{\"id\":\"ann\"},\"text\":\"hi\"}"))
                        .build());
                assertThat(ok.status()).isEqualTo(202);
                ChatClient.Reply refused = chat.send(HttpRequest.newBuilder(URI.create("http://" + http
                                + "/v1/chats/demo/messages?after=0&wait=0")).header("authorization", "Bearer "
                                + httpToken + "x").timeout(Duration.ofSeconds(10)).GET().build());
                assertThat(refused.status()).isEqualTo(401);
                Awaitility.await("the bot polled Telegram").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100)).until(() -> !fake.calls("getUpdates").isEmpty());
                Awaitility.await("the message was delivered").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> Files.readString(err).contains("delivery.delivered"));
            } finally {
                p.destroy();
                if (!p.waitFor(40, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            String log = Files.readString(err);
            assertThat(log).contains("config.loaded").contains("telegram.started").contains("\"DEBUG\"");
            assertThat(log).doesNotContain(httpToken).doesNotContain(botToken).doesNotContain(apiKey)
                    .doesNotContain(botToken.substring(botToken.indexOf(':') + 1));
        }
    }

    private static String readyAddress(Process p, Path err) throws Exception {
        AtomicReference<String> http = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = READY.matcher(line);
                    if (m.matches()) {
                        http.set(m.group(1));
                    }
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        Awaitility.await("ready").atMost(Duration.ofSeconds(60)).until(() -> http.get() != null || !p.isAlive());
        assertThat(http.get()).as(Files.readString(err)).isNotNull();
        return http.get();
    }

    private static JsonNode event(List<JsonNode> lines, String message) {
        return lines.stream().filter(n -> n.path("message").asText().equals(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + message + " line"));
    }

    /** logback's JsonEncoder writes key-value pairs as {@code "kvpList": [{"key": "value"}, ...]}. */
    private static Map<String, String> fields(JsonNode line) {
        Map<String, String> m = new HashMap<>();
        line.path("kvpList").forEach(kv -> kv.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText())));
        return m;
    }
}
