package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton: a real host, a real runner process and the echo agent, over loopback HTTP. */
class EchoRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void aPostedMessageIsAnsweredByTheEchoAgentAndEveryFileRecordsIt() throws Exception {
        Path data = tmp.resolve("data");
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(host.stdout().get(0)).startsWith("tandem ready http=127.0.0.1:")
                    .contains("admin=127.0.0.1:").endsWith("data=" + data.toAbsolutePath());
            JsonNode info = host.hostJson();
            assertThat(info.path("pid").asLong()).isEqualTo(host.pid());
            assertThat(info.path("http").asText()).isEqualTo(host.http());

            ChatClient.Reply posted = chat.say("demo", "ann", "hello");
            assertThat(posted.status()).isEqualTo(202);
            assertThat(posted.body().path("dropped").isNull()).isTrue();
            assertThat(posted.body().path("routed")).hasSize(1);
            long inSeq = posted.body().path("routed").get(0).path("seq").asLong();
            assertThat(inSeq % 2).isZero();

            JsonNode event = chat.awaitEvent("demo", 0, 60);
            assertThat(event.path("text").asText()).isEqualTo("echo: hello");
            assertThat(event.path("cursor").asLong()).isEqualTo(1);
            assertThat(event.path("platform_message_id").asText()).isEqualTo("1");
            assertThat(event.path("type").asText()).isEqualTo("message");
            assertThat(event.path("seq").asLong() % 2).isEqualTo(1);
            assertThat(event.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT status FROM messages_in")).containsExactly(Map.of("status", "completed")));
            String inId = (String) db.inbound(s, "SELECT id FROM messages_in").get(0).get("id");
            List<Map<String, Object>> acks = db.outbound(s, "SELECT message_id, attempt, status FROM processing_ack");
            assertThat(acks).containsExactly(Map.of("message_id", inId, "attempt", 0, "status", "completed"));
            List<Map<String, Object>> out = db.outbound(s, "SELECT id, seq, in_reply_to, kind FROM messages_out");
            assertThat(out).hasSize(1);
            assertThat(((Number) out.get(0).get("seq")).longValue() % 2).isEqualTo(1);
            assertThat(out.get(0).get("in_reply_to")).isEqualTo(inId);
            assertThat(db.inbound(s, "SELECT message_out_id, platform_message_id, status FROM delivered"))
                    .containsExactly(Map.of("message_out_id", out.get(0).get("id"), "platform_message_id", "1",
                            "status", "delivered"));
            assertThat(Files.exists(s.root().resolve("inbound.db-journal"))).isFalse();
            assertThat(Files.exists(s.root().resolve("inbound.db-wal"))).isFalse();
            assertThat(Files.isDirectory(s.agentMount())).isTrue();
            assertThat(Files.exists(s.containerJson())).isTrue();

            ChatClient.Reply health = new ChatClient("http://" + host.admin()).get("/healthz");
            assertThat(health.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(new ChatClient("http://" + host.admin()).get("/readyz").status()).isEqualTo(200));

            db.assertTimestampsMatchContract();
            assertThat(db.runTandemCheck()).contains("0 problems");

            assertThat(host.stop()).as("exit code after SIGTERM and the ordered stop").isZero();
            assertThat(Files.exists(data.resolve("host.json"))).as("host.json removed on clean stop").isFalse();
        }
    }

    @Test
    void rePostingAnAcceptedIdAnswers200DuplicateAndKeepsOneRow() throws Exception {
        Path data = tmp.resolve("data");
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            String body = "{\"id\":\"client-42\",\"sender\":{\"id\":\"ann\"},\"text\":\"once\"}";
            ChatClient.Reply first = chat.post("demo", body);
            assertThat(first.status()).isEqualTo(202);
            assertThat(first.body().path("id").asText()).isEqualTo("client-42");
            ChatClient.Reply again = chat.post("demo", body);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("duplicate").asBoolean()).isTrue();
            assertThat(again.body().path("routed")).isEqualTo(first.body().path("routed"));

            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM messages_in")).containsExactly(Map.of("n", 1));
            JsonNode event = chat.awaitEvent("demo", 0, 60);
            assertThat(event.path("text").asText()).isEqualTo("echo: once");
        }
    }
}
