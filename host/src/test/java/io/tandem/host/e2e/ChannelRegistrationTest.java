package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channel registration by card on a real host (issue 7 section 4, DESIGN 5.1 step 3): a mention
 * in an unwired chat sends the owner a card naming the agent groups; approving wires the chat to
 * the chosen group and replays the mention once; rejecting sets {@code denied_at}, after which
 * messages drop as {@code denied_channel}.
 */
class ChannelRegistrationTest {
    @TempDir
    Path tmp;

    private static void cli(Path data, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
    }

    private static ChatClient.Reply mention(ChatClient chat, String chatId, String sender, String text)
            throws Exception {
        var n = Json.object();
        n.putObject("sender").put("id", sender).put("name", sender);
        n.put("text", text);
        n.put("mention", true);
        return chat.post(chatId, Json.write(n));
    }

    private static ChatClient.Reply click(HostProcess host, String questionId, String value, String user,
                                          String token) throws Exception {
        var n = Json.object().put("question_id", questionId).put("value", value);
        n.putObject("user").put("id", user);
        return new ChatClient(host.httpBase()).send(HttpRequest.newBuilder(
                        URI.create(host.httpBase() + "/v1/chats/dm-boss/actions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(Json.write(n))).build());
    }

    private static String setUp(Path data) throws Exception {
        cli(data, "user", "add", "http:boss");
        cli(data, "user", "add", "http:eve");
        cli(data, "role", "grant", "http:boss", "owner");
        return Files.readString(data.resolve("admin.token")).strip();
    }

    @Test
    void approvingWiresTheChatToTheChosenGroupAndReplaysTheMention() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        String token = setUp(data);
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("lounge", "boss", "no mention").body().path("dropped").asText())
                    .isEqualTo("unknown_chat");
            assertThat(mention(chat, "lounge", "boss", "@bot hello").body().path("dropped").asText())
                    .isEqualTo("no_agent_wired");
            JsonNode card = chat.awaitEvent("dm-boss", 0, 60);
            assertThat(card.path("type").asText()).isEqualTo("question");
            assertThat(card.path("title").asText()).startsWith("Register chat lounge (http:lounge)?");
            assertThat(card.path("options")).extracting(o -> o.path("value").asText())
                    .containsExactly("wire:echo", "reject");
            String q = card.path("question_id").asText();
            assertThat(mention(chat, "lounge", "boss", "@bot again?").body().path("dropped").asText())
                    .isEqualTo("no_agent_wired");

            assertThat(click(host, q, "wire:echo", "http:eve", token).status()).isEqualTo(403);
            assertThat(click(host, q, "wire:nosuch", "http:boss", token).status()).isEqualTo(400);
            ChatClient.Reply wired = click(host, q, "wire:echo", "http:boss", token);
            assertThat(wired.status()).as("%s", wired.body()).isEqualTo(200);
            assertThat(wired.body().path("outcome").asText()).isEqualTo("answered");
            assertThat(wired.body().path("message").asText()).startsWith("wired to echo")
                    .contains("replayed to 1 session(s)");
            assertThat(click(host, q, "wire:echo", "http:boss", token).status()).isEqualTo(409);

            JsonNode answer = chat.awaitEvent("lounge", 0, 60);
            assertThat(answer.path("text").asText()).isEqualTo("echo: @bot hello");
            JsonNode wirings = Json.parse(Cli.run("wire", "list", "--channel", "http:lounge", "--json", "--data",
                    data.toString()).out());
            assertThat(wirings).hasSize(1);
            assertThat(wirings.get(0).toString()).contains("echo").contains("mention");
            assertThat(chat.poll("dm-boss", 0, 0).body().path("events")).as("one card per chat").hasSize(1);
        }
    }

    @Test
    void rejectingDeniesTheChat() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        String token = setUp(data);
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            cli(data, "channel", "add", "http:spam");
            assertThat(mention(chat, "spam", "eve", "@bot buy now").body().path("dropped").asText())
                    .isEqualTo("no_agent_wired");
            String q = chat.awaitEvent("dm-boss", 0, 60).path("question_id").asText();
            ChatClient.Reply rejected = click(host, q, "reject", "http:boss", token);
            assertThat(rejected.status()).as("%s", rejected.body()).isEqualTo(200);
            assertThat(rejected.body().path("message").asText()).startsWith("rejected");
            assertThat(mention(chat, "spam", "eve", "@bot hello?").body().path("dropped").asText())
                    .isEqualTo("denied_channel");
            JsonNode channels = Json.parse(Cli.run("channel", "list", "--json", "--data", data.toString()).out());
            JsonNode spam = null;
            for (JsonNode ch : channels) {
                if ("spam".equals(ch.path("platform_id").asText())) {
                    spam = ch;
                }
            }
            assertThat(spam).as("%s", channels).isNotNull();
            assertThat(spam.path("denied_at").isTextual()).as("%s", spam).isTrue();
            assertThat(chat.poll("spam", 0, 0).body().path("events")).isEmpty();
            assertThat(new io.tandem.host.support.DataInspector(data).runTandemCheck()).contains("0 problems");
        }
    }
}
