package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.testagents.AskAgent;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, expiry of an agent's question, with a real host process, a real runner and the agent
 * {@link AskAgent}: nobody answers within {@code questions.ttl} (3 s here; the sweep keeps its 60 s
 * default, so only the expiry timer can be on time), the card is edited to say so (an {@code edit}
 * event on the chat's long poll), the agent is told ({@code "expired":true}) and says so in the
 * chat, and a late click is refused 410 naming the expiry.
 */
class QuestionExpiryHostTest {
    @TempDir
    Path tmp;

    @Test
    void anUnansweredQuestionExpiresOnTimeTheCardSaysSoTheAgentIsToldAndALateClickIs410() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.useTestAgent(data, List.of(), AskAgent.class.getName());
        Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_QUESTIONS__TTL", "3s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "ask");
            JsonNode question = chat.awaitEvent("demo", 0, 60);
            assertThat(question.path("type").asText()).as("%s", question).isEqualTo("question");
            String questionId = question.path("question_id").asText();
            long card = question.path("cursor").asLong();
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            assertThat(db.central("SELECT question_id FROM pending_questions")).hasSize(1);

            // the expiry and the agent's reply to it, in whatever order they come
            List<JsonNode> after = new ArrayList<>();
            long cursor = card;
            while (after.stream().noneMatch(e -> e.path("type").asText().equals("edit"))
                    || after.stream().noneMatch(e -> e.path("text").asText().startsWith("nobody answered"))) {
                JsonNode e = chat.awaitEvent("demo", cursor, 60);
                after.add(e);
                cursor = e.path("cursor").asLong();
            }
            JsonNode edit = after.stream().filter(e -> e.path("type").asText().equals("edit")).findFirst().get();
            Duration took = Duration.between(Timestamps.parse(question.path("timestamp").asText()),
                    Timestamps.parse(edit.path("timestamp").asText()));
            assertThat(took).as("not before questions.ttl, and by its timer, not by the 60 s sweep; host log:%n%s",
                            host.logText())
                    .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(20));
            assertThat(edit.path("target_platform_message_id").asText()).isEqualTo(String.valueOf(card));
            assertThat(edit.path("text").asText()).isEqualTo("Deploy — expired, no answer was given");
            assertThat(after).filteredOn(e -> e.path("type").asText().equals("message"))
                    .extracting(e -> e.path("text").asText()).containsExactly("nobody answered " + questionId);

            List<Map<String, Object>> responses = db.inbound(s,
                    "SELECT id, trigger, content FROM messages_in WHERE kind = 'system'");
            assertThat(responses).hasSize(1);
            assertThat(responses.get(0)).containsEntry("id", "m-" + questionId).containsEntry("trigger", 1);
            assertThat(Json.parse((String) responses.get(0).get("content"))).isEqualTo(Json.parse(
                    "{\"type\":\"question_response\",\"question_id\":\"" + questionId + "\",\"value\":null,"
                            + "\"user_id\":null,\"expired\":true}"));
            assertThat(db.central("SELECT question_id FROM pending_questions")).isEmpty();

            var click = Json.object().put("question_id", questionId).put("value", "yes");
            click.putObject("user").put("id", "ann");
            ChatClient.Reply late = chat.send(HttpRequest.newBuilder(URI.create(host.httpBase()
                            + "/v1/chats/demo/actions")).header("content-type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(Json.write(click)))
                    .build());
            assertThat(late.status()).as("%s", late.body()).isEqualTo(410);
            assertThat(late.body().path("error").path("code").asText()).isEqualTo("expired");
            assertThat(late.body().path("error").path("message").asText()).contains(questionId).contains("expired");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.inbound(s,
                    "SELECT status FROM messages_in WHERE kind = 'system'")).containsExactly(Map.of("status",
                    "completed")));
        }
    }
}
