package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender approval by card over real HTTP on a real host (issue 7 section 4, DESIGN 5.1 step 5 and
 * 5.7): an unknown sender on a {@code request_approval} chat is held and a question card goes to
 * the group's admin DM chat {@code dm-<raw id>}; Allow adds the member and replays the held message
 * exactly once; Deny drops it and updates the audit; token, bystander, unknown and answered clicks
 * are refused.
 */
class SenderApprovalTest {
    @TempDir
    Path tmp;

    private static Cli.Result cli(Path data, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
        return r;
    }

    private static void setUp(Path data) {
        cli(data, "channel", "add", "http:club", "--policy", "request_approval");
        cli(data, "wire", "add", "http:club", "echo", "--pattern", ".");
        for (String u : List.of("http:admin", "http:eve", "http:boss")) {
            cli(data, "user", "add", u);
        }
        cli(data, "role", "grant", "http:admin", "admin", "--group", "echo");
        cli(data, "role", "grant", "http:boss", "owner");
    }

    private static ChatClient.Reply click(HostProcess host, String chat, String questionId, String value,
                                          String user, String bearer) throws Exception {
        var n = Json.object().put("question_id", questionId).put("value", value);
        n.putObject("user").put("id", user);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/" + chat + "/actions"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(n)));
        if (bearer != null) {
            b.header("authorization", "Bearer " + bearer);
        }
        return new ChatClient(host.httpBase()).send(b.build());
    }

    private static List<JsonNode> events(ChatClient chat, String chatId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        chat.poll(chatId, 0, 0).body().path("events").forEach(out::add);
        return out;
    }

    @Test
    void allowAddsTheMemberAndReplaysTheHeldMessageExactlyOnce() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        String token = Files.readString(data.resolve("admin.token")).strip();
        try (HostProcess host = HostProcess.start(data)) {
            setUp(data);
            ChatClient chat = new ChatClient(host.httpBase());
            ChatClient.Reply held = chat.say("club", "bob", "hi there");
            assertThat(held.body().path("dropped").asText()).isEqualTo("unknown_sender_request_approval");
            JsonNode card = chat.awaitEvent("dm-admin", 0, 60);
            assertThat(card.path("type").asText()).isEqualTo("question");
            assertThat(card.path("title").asText()).isEqualTo("Allow bob (http:bob) in chat club?");
            assertThat(card.path("options")).extracting(o -> o.path("value").asText()).containsExactly("allow", "deny");
            String q = card.path("question_id").asText();

            // a second message of the same sender files no second card
            assertThat(chat.say("club", "bob", "anyone?").body().path("dropped").asText())
                    .isEqualTo("unknown_sender_request_approval");

            assertThat(click(host, "dm-admin", q, "allow", "http:admin", null).status()).isEqualTo(401);
            ChatClient.Reply bystander = click(host, "dm-admin", q, "allow", "http:eve", token);
            assertThat(bystander.status()).as("%s", bystander.body()).isEqualTo(403);
            assertThat(bystander.body().path("error").path("message").asText()).contains("http:eve");
            await().atMost(Duration.ofSeconds(20)).until(() -> host.logText().contains("approval.click_forbidden"));
            assertThat(click(host, "dm-admin", "sa-unknown", "allow", "http:admin", token).status()).isEqualTo(404);

            ChatClient.Reply allowed = click(host, "dm-admin", q, "allow", "http:admin", token);
            assertThat(allowed.status()).as("%s", allowed.body()).isEqualTo(200);
            assertThat(allowed.body().path("outcome").asText()).isEqualTo("answered");
            assertThat(allowed.body().path("message").asText()).startsWith("allowed")
                    .contains("replayed to 1 session(s)");
            ChatClient.Reply again = click(host, "dm-admin", q, "allow", "http:admin", token);
            assertThat(again.status()).as("%s", again.body()).isEqualTo(409);

            JsonNode answer = chat.awaitEvent("club", 0, 60);
            assertThat(answer.path("text").asText()).isEqualTo("echo: hi there");
            // bob is a member now: his next message is routed; it is answered after the replay, once each
            ChatClient.Reply next = chat.say("club", "bob", "now me");
            assertThat(next.body().path("routed")).hasSize(1);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events(chat, "club"))
                    .extracting(e -> e.path("text").asText()).contains("echo: now me"));
            assertThat(events(chat, "club")).extracting(e -> e.path("text").asText())
                    .containsExactly("echo: hi there", "echo: now me");
            assertThat(events(chat, "dm-admin")).as("one card per chat and sender").hasSize(1);
        }
    }

    @Test
    void denyDropsTheMessageAndUpdatesTheAudit() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        String token = Files.readString(data.resolve("admin.token")).strip();
        try (HostProcess host = HostProcess.start(data)) {
            setUp(data);
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("club", "bob", "let me in");
            JsonNode card = chat.awaitEvent("dm-admin", 0, 60);
            String q = card.path("question_id").asText();
            // an owner may answer although the card went to the group's admin
            ChatClient.Reply denied = click(host, "dm-admin", q, "deny", "http:boss", token);
            assertThat(denied.status()).as("%s", denied.body()).isEqualTo(200);
            assertThat(denied.body().path("message").asText()).startsWith("denied");
            assertThat(click(host, "dm-admin", q, "allow", "http:admin", token).status()).isEqualTo(409);
            JsonNode drops = Json.parse(cli(data, "drops", "list", "--json").out());
            JsonNode row = null;
            for (JsonNode d : drops) {
                if ("club".equals(d.path("platform_id").asText())) {
                    row = d;
                }
            }
            assertThat(row).as("%s", drops).isNotNull();
            assertThat(row.path("reason").asText()).isEqualTo("unknown_sender_request_approval");
            assertThat(row.path("message_count").asLong()).as("the drop and the denial").isEqualTo(2);
            assertThat(chat.poll("club", 0, 1).body().path("events")).as("nothing answered").isEmpty();
            assertThat(chat.say("club", "bob", "again").body().path("dropped").asText())
                    .isEqualTo("unknown_sender_request_approval");
            assertThat(new io.tandem.host.support.DataInspector(data).runTandemCheck()).contains("0 problems");
        }
    }

    @Test
    void withAnHttpChannelTokenTheActionsEndpointAcceptsTheAdminTokenInstead() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        String token = Files.readString(data.resolve("admin.token")).strip();
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_ADAPTERS__HTTP__TOKEN", "chat-token");
        try (HostProcess host = HostProcess.start(data, env)) {
            assertThat(click(host, "dm-admin", "sa-unknown", "allow", "http:admin", token).status())
                    .as("the admin token passes the channel's token check").isEqualTo(404);
            assertThat(click(host, "dm-admin", "sa-unknown", "allow", "http:admin", "chat-token").status())
                    .as("the chat token is no approval credential").isEqualTo(401);
            assertThat(click(host, "dm-admin", "sa-unknown", "allow", "http:admin", null).status()).isEqualTo(401);
        }
    }
}
