package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.FakeBotApi;
import io.tandem.host.support.HostProcess;
import io.tandem.host.testagents.ActionsAgent;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's edit, reaction, file and question over Telegram, in a real host with a real exec agent
 * against the fake Bot API: the edit and the reaction name the stored platform message ids, the
 * question is an inline keyboard, a click reaches the agent once as a {@code question_response}
 * and is answered in the chat, a second click is refused in its callback answer.
 */
class TelegramActionsTest {
    static final String TOKEN = "55501:actions-secret";
    static final long ANN = 601;

    @TempDir
    Path tmp;
    FakeBotApi fake;
    Path data;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBotApi(TOKEN);
        data = DataFolders.init(tmp.resolve("data"));
        DataFolders.useTestAgent(data, List.of("-Xmx64m"), ActionsAgent.class.getName());
        cli("channel", "add", "telegram:" + ANN, "--policy", "public");
        cli("wire", "add", "telegram:" + ANN, "echo", "--pattern", ".");
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private void cli(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
    }

    private List<String> texts() {
        return fake.calls("sendMessage").stream().map(c -> c.params().path("text").asText()).toList();
    }

    @Test
    void editReactionAndAQuestionAnsweredByAButton() throws Exception {
        Map<String, String> env = HostProcess.testEnv();
        env.put("TANDEM_ADAPTERS__TELEGRAM__ENABLED", "true");
        env.put("TANDEM_ADAPTERS__TELEGRAM__TOKEN", TOKEN);
        env.put("TANDEM_ADAPTERS__TELEGRAM__API_BASE", fake.base());
        env.put("TANDEM_ADAPTERS__TELEGRAM__POLL_TIMEOUT", "5s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient admin = new ChatClient("http://" + host.admin());
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/readyz").status() == 200);

            fake.userMessage(ANN, "private", ANN, "hi", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> texts().contains("got: hi"));
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(30)).until(() -> !db.inbound(s, "SELECT 1 FROM delivered").isEmpty());
            String gotHi = (String) db.inbound(s, "SELECT platform_message_id FROM delivered").get(0)
                    .get("platform_message_id");

            long editMessage = fake.userMessage(ANN, "private", ANN, "edit", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> !fake.calls("editMessageText").isEmpty()
                    && !fake.calls("setMessageReaction").isEmpty());
            JsonNode edit = fake.calls("editMessageText").get(0).params();
            assertThat(edit.path("chat_id").asText()).isEqualTo(Long.toString(ANN));
            assertThat(edit.path("message_id").asText()).as("the bot's own reply, by its stored id").isEqualTo(gotHi);
            assertThat(edit.path("text").asText()).isEqualTo("edited");
            JsonNode react = fake.calls("setMessageReaction").get(0).params();
            assertThat(react.path("message_id").asLong()).as("the user's message, by its platform id")
                    .isEqualTo(editMessage);
            assertThat(react.path("reaction").get(0).path("emoji").asText()).isEqualTo("👍");

            fake.userMessage(ANN, "private", ANN, "file", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> !fake.calls("sendDocument").isEmpty());
            JsonNode doc = fake.calls("sendDocument").get(0).params();
            assertThat(doc.path("chat_id").asText()).isEqualTo(Long.toString(ANN));
            assertThat(doc.path("document").path("file_name").asText()).isEqualTo("note.txt");
            assertThat(new String(java.util.Base64.getDecoder().decode(doc.path("document").path("base64").asText()),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("a note from the agent");
            assertThat(texts()).contains("a file");

            fake.userMessage(ANN, "private", ANN, "ask", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> texts().contains("Lunch\n\nPizza or soup?"));
            JsonNode question = fake.calls("sendMessage").stream()
                    .filter(c -> c.params().path("text").asText().startsWith("Lunch")).findFirst().orElseThrow().params();
            JsonNode keyboard = question.path("reply_markup").path("inline_keyboard");
            assertThat(keyboard).extracting(row -> row.get(0).path("text").asText()).containsExactly("pizza", "soup");
            String soup = keyboard.get(1).get(0).path("callback_data").asText();

            fake.click(ANN, 0, ANN, soup);
            await().atMost(Duration.ofSeconds(60)).until(() -> texts().contains("answer: soup by telegram:" + ANN));
            await().atMost(Duration.ofSeconds(30)).until(() -> !fake.calls("answerCallbackQuery").isEmpty());
            assertThat(fake.calls("answerCallbackQuery").get(0).params().path("text").asText())
                    .isEqualTo("answer \"soup\" recorded");

            fake.click(ANN, 0, ANN, soup);
            await().atMost(Duration.ofSeconds(30)).until(() -> fake.calls("answerCallbackQuery").size() == 2);
            assertThat(fake.calls("answerCallbackQuery").get(1).params().path("text").asText())
                    .contains("was already answered");
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM messages_in WHERE kind = 'system' "
                    + "AND json_extract(content, '$.type') = 'question_response'")).containsExactly(Map.of("n", 1));
            assertThat(texts()).filteredOn(t -> t.startsWith("answer:")).hasSize(1);
            assertThat(host.logText()).doesNotContain(TOKEN);
        }
    }
}
