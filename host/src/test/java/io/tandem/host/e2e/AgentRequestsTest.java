package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.testagents.RequestAgent;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent requests on a real host with a real runner and a real agent ({@link RequestAgent}) over
 * real HTTP (DESIGN 5.7, 7.3 {@code request}, issue 9): the agent's {@code request} becomes an
 * Approve/Reject card in the group admin's DM chat {@code dm-admin}; Approve (with the admin
 * token) carries out the change and the agent is told {@code approved}; Reject tells it
 * {@code rejected}; an approval nobody decides within {@code questions.ttl} expires on time, its
 * card is edited and a late click gets 410; an unknown action comes back to the agent as a note.
 */
class AgentRequestsTest {
    @TempDir
    Path tmp;

    private static Cli.Result cli(Path data, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
        return r;
    }

    private Path setUp() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.useTestAgent(data, List.of(), RequestAgent.class.getName());
        cli(data, "channel", "add", "http:ops");
        cli(data, "user", "add", "http:admin");
        cli(data, "user", "add", "http:eve");
        cli(data, "role", "grant", "http:admin", "admin", "--group", "echo");
        return data;
    }

    private static ChatClient.Reply click(HostProcess host, String questionId, String value, String user,
                                          String bearer) throws Exception {
        var n = Json.object().put("question_id", questionId).put("value", value);
        n.putObject("user").put("id", user);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/dm-admin/actions"))
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

    /** Waits for a chat event whose text starts with {@code prefix}; returns it. */
    private static JsonNode awaitText(ChatClient chat, String chatId, String prefix) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> events(chat, chatId).stream()
                .filter(e -> e.path("text").asText().startsWith(prefix)).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    /** Waits for the {@code n}-th (0-based) approval card in the admin's DM chat. */
    private static JsonNode awaitCard(ChatClient chat, int n) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> cards = events(chat, "dm-admin").stream()
                    .filter(e -> e.path("type").asText().equals("question")).toList();
            return cards.size() > n ? cards.get(n) : null;
        }, java.util.Objects::nonNull);
    }

    @Test
    void approveAddsTheDestinationAndTellsTheAgentAndAWrongClickerOrASecondClickIsRefused() throws Exception {
        Path data = setUp();
        String token = Files.readString(data.resolve("admin.token")).strip();
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "request add_destination {\"name\":\"ops\",\"channel\":\"http:ops\"}");
            awaitText(chat, "demo", "requesting add_destination");
            JsonNode card = awaitCard(chat, 0);
            String id = card.path("question_id").asText();
            assertThat(id).matches("ap-[0-9a-f]{16}");
            assertThat(card.path("title").asText()).contains("add_destination").contains("http:ops")
                    .contains("the test asks");
            assertThat(card.path("options")).extracting(o -> o.path("label").asText())
                    .containsExactly("Approve", "Reject");

            assertThat(click(host, id, "allow", "admin", null).status()).as("no token").isEqualTo(401);
            assertThat(click(host, id, "allow", "eve", token).status()).as("not an admin").isEqualTo(403);
            ChatClient.Reply ok = click(host, id, "allow", "admin", token);
            assertThat(ok.status()).as("%s", ok.body()).isEqualTo(200);
            assertThat(click(host, id, "deny", "admin", token).status()).as("decided").isEqualTo(409);

            JsonNode told = awaitText(chat, "demo", "result approved add_destination r-");
            assertThat(told.path("text").asText()).contains("destination ops added");
            JsonNode dests = Json.parse(cli(data, "dest", "list", "echo", "--json").out());
            assertThat(dests).extracting(d -> d.path("name").asText()).contains("ops");
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    DataInspector.column(db.inbound(s, "SELECT name FROM destinations"), "name")).contains("ops"));
            assertThat(db.central("SELECT status, approver_user_id FROM pending_approvals"))
                    .containsExactly(Map.of("status", "approved", "approver_user_id", "http:admin"));
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM messages_in WHERE kind = 'system'"))
                    .as("told exactly once").containsExactly(Map.of("n", 1));
            JsonNode edited = await().atMost(Duration.ofSeconds(30)).until(() -> events(chat, "dm-admin").stream()
                    .filter(e -> e.path("type").asText().equals("edit")).findFirst().orElse(null),
                    java.util.Objects::nonNull);
            assertThat(edited.path("text").asText()).contains("approved");
        }
    }

    @Test
    void rejectTellsTheAgentAndAnApprovedCreateAgentCopiesTheRequestingGroupsAgent() throws Exception {
        Path data = setUp();
        String token = Files.readString(data.resolve("admin.token")).strip();
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "request create_agent {\"name\":\"helper\"}");
            String first = awaitCard(chat, 0).path("question_id").asText();
            assertThat(click(host, first, "deny", "admin", token).status()).isEqualTo(200);
            JsonNode rejected = awaitText(chat, "demo", "result rejected create_agent");
            assertThat(rejected.path("text").asText()).contains("rejected by http:admin");
            assertThat(Cli.run("group", "show", "helper", "--data", data.toString()).code()).isNotZero();

            chat.say("demo", "ann", "request create_agent {\"name\":\"helper\"}");
            String second = awaitCard(chat, 1).path("question_id").asText();
            assertThat(second).isNotEqualTo(first);
            assertThat(click(host, second, "allow", "admin", token).status()).isEqualTo(200);
            awaitText(chat, "demo", "result approved create_agent");
            JsonNode helper = Json.parse(cli(data, "group", "show", "helper", "--json").out());
            JsonNode echo = Json.parse(cli(data, "group", "show", "echo", "--json").out());
            assertThat(helper.path("agent")).as("the requesting group's agent").isEqualTo(echo.path("agent"));
            assertThat(helper.path("agent").path("kind").asText()).isEqualTo("exec");
            assertThat(data.resolve("groups").resolve("helper")).isDirectory();
        }
    }

    @Test
    void anApprovalNobodyDecidesExpiresOnTimeItsCardIsEditedAndALateClickIsGone() throws Exception {
        Path data = setUp();
        String token = Files.readString(data.resolve("admin.token")).strip();
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_QUESTIONS__TTL", "3s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "request add_destination {\"name\":\"ops\",\"channel\":\"http:ops\"}");
            JsonNode card = awaitCard(chat, 0);
            String id = card.path("question_id").asText();

            JsonNode told = awaitText(chat, "demo", "result expired add_destination");
            assertThat(told.path("text").asText()).contains("nobody decided");
            JsonNode edit = await().atMost(Duration.ofSeconds(30)).until(() -> events(chat, "dm-admin").stream()
                    .filter(e -> e.path("type").asText().equals("edit")).findFirst().orElse(null),
                    java.util.Objects::nonNull);
            assertThat(edit.path("target_platform_message_id").asText()).isEqualTo(card.path("cursor").asText());
            assertThat(edit.path("text").asText()).contains("expired");

            ChatClient.Reply late = click(host, id, "allow", "admin", token);
            assertThat(late.status()).as("%s", late.body()).isEqualTo(410);
            assertThat(Json.parse(cli(data, "dest", "list", "echo", "--json").out())).isEmpty();
            assertThat(new DataInspector(data).central("SELECT status FROM pending_approvals"))
                    .containsExactly(Map.of("status", "expired"));
        }
    }

    @Test
    void anUnknownActionComesBackToTheAgentAsANoteNamingTheKnownOnes() throws Exception {
        Path data = setUp();
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "request launch_rockets {}");
            awaitText(chat, "demo", "requesting launch_rockets");
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT count(*) AS n FROM messages_in WHERE kind = 'system'"))
                    .containsExactly(Map.of("n", 1)));
            chat.say("demo", "ann", "ping");
            JsonNode note = awaitText(chat, "demo", "note: ");
            assertThat(note.path("text").asText()).contains("unknown action 'launch_rockets'")
                    .contains("add_destination, create_agent");
            awaitText(chat, "demo", "ok ping");
            assertThat(db.central("SELECT count(*) AS n FROM pending_approvals")).containsExactly(Map.of("n", 0));
        }
    }
}
