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
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Telegram adapter in a real host process with real runners and the built-in echo agent,
 * against the fake Bot API on loopback ({@code adapters.telegram.api_base} points at it).
 */
class TelegramHostTest {
    static final String TOKEN = "987654:ZZtop-secret_token";
    static final long ANN = 501;
    static final long BOB = 502;
    static final long FORUM = -1009001;

    @TempDir
    Path tmp;
    FakeBotApi fake;
    Path data;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBotApi(TOKEN);
        data = DataFolders.init(tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = HostProcess.testEnv();
        env.put("TANDEM_ADAPTERS__TELEGRAM__ENABLED", "true");
        env.put("TANDEM_ADAPTERS__TELEGRAM__TOKEN", TOKEN);
        env.put("TANDEM_ADAPTERS__TELEGRAM__API_BASE", fake.base());
        env.put("TANDEM_ADAPTERS__TELEGRAM__POLL_TIMEOUT", "5s");
        return env;
    }

    private void wireEcho(long chat, boolean group) {
        List<String> add = new ArrayList<>(List.of("channel", "add", "telegram:" + chat, "--policy", "public"));
        if (group) {
            add.add("--group-chat");
        }
        cli(add.toArray(String[]::new));
        cli("wire", "add", "telegram:" + chat, "echo", "--pattern", ".");
    }

    private void cli(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
    }

    /** The texts the bot sent into {@code chat}, in order. */
    private List<String> sentTo(long chat) {
        return fake.calls("sendMessage").stream().filter(c -> c.params().path("chat_id").asText().equals(
                Long.toString(chat))).map(c -> c.params().path("text").asText()).toList();
    }

    private void awaitReady(HostProcess host) {
        ChatClient admin = new ChatClient("http://" + host.admin());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(admin.get("/readyz").status()).isEqualTo(200));
    }

    @Test
    void messagesAreEchoedIntoTheirChatAndTopicLongRepliesSplitAndTheTokenIsNowhere() throws Exception {
        wireEcho(ANN, false);
        wireEcho(FORUM, true);
        try (HostProcess host = HostProcess.start(data, env())) {
            awaitReady(host);
            long hello = fake.userMessage(ANN, "private", ANN, "hello", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> sentTo(ANN).contains("echo: hello"));
            assertThat(fake.calls("sendMessage").get(0).params().path("reply_parameters").path("message_id").asLong())
                    .as("the reply quotes the message it answers").isEqualTo(hello);

            String text = "in topic @" + FakeBotApi.BOT_USERNAME;
            fake.userMessage(FORUM, "supergroup", BOB, text, 77L, FakeBotApi.mention(text));
            await().atMost(Duration.ofSeconds(60)).until(() -> sentTo(FORUM).contains("echo: " + text));
            JsonNode topicReply = fake.calls("sendMessage").stream()
                    .filter(c -> c.params().path("chat_id").asText().equals(Long.toString(FORUM))).findFirst()
                    .orElseThrow().params();
            assertThat(topicReply.path("message_thread_id").asLong()).as("the reply goes to the topic").isEqualTo(77);

            String longText = "L".repeat(4096);
            fake.userMessage(ANN, "private", ANN, longText, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> sentTo(ANN).size() >= 3);
            List<String> parts = sentTo(ANN).subList(1, 3);
            assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
            assertThat(String.join("", parts)).isEqualTo("echo: " + longText);

            fake.editedMessage(ANN, ANN, hello, "hello, edited");
            await().atMost(Duration.ofSeconds(30)).until(() -> host.logText().contains("telegram.edit_ignored"));

            DataInspector db = new DataInspector(data);
            List<Map<String, Object>> sessions = db.central("SELECT s.id, s.agent_group_id, s.thread_id, m.platform_id "
                    + "FROM sessions s JOIN messaging_groups m ON m.id = s.messaging_group_id ORDER BY m.platform_id");
            assertThat(sessions).extracting(r -> r.get("platform_id") + "/" + r.get("thread_id"))
                    .containsExactly(FORUM + "/77", ANN + "/null");
            SessionPaths annSession = SessionPaths.of(data, (String) sessions.get(1).get("agent_group_id"),
                    (String) sessions.get(1).get("id"));
            assertThat(db.inbound(annSession, "SELECT platform_message_id, json_extract(content, '$.text') AS text, "
                    + "json_extract(content, '$.sender.id') AS sender FROM messages_in WHERE kind = 'chat' ORDER BY seq"))
                    .first().isEqualTo(Map.of("platform_message_id", Long.toString(hello), "text", "hello",
                            "sender", Long.toString(ANN)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.inbound(annSession,
                    "SELECT status FROM delivered")).hasSize(2).allSatisfy(r -> assertThat(r.get("status"))
                    .isEqualTo("delivered")));
            assertThat(db.central("SELECT id FROM users WHERE id LIKE 'telegram:%' ORDER BY id"))
                    .extracting(r -> r.get("id")).containsExactly("telegram:" + ANN, "telegram:" + BOB);

            assertThat(host.logText()).contains("telegram.started").doesNotContain(TOKEN);
            assertTokenInNoFile(data);
            assertThat(host.stop()).isZero();
        }
        assertTokenInNoFile(tmp);
    }

    @Test
    void a429IsHonouredAndABlockedBotFailsTheDeliveryWithANote() throws Exception {
        wireEcho(ANN, false);
        wireEcho(BOB, false);
        try (HostProcess host = HostProcess.start(data, env())) {
            awaitReady(host);
            // the two long polls after the current one fail; polling goes on with backoff (BOB's message below)
            fake.failNext("getUpdates", 2, 502, "Bad Gateway", 0);
            fake.failNext("sendMessage", 1, 429, "Too Many Requests: retry after 2", 2);
            fake.userMessage(ANN, "private", ANN, "slow down", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> sentTo(ANN).size() == 2);
            assertThat(sentTo(ANN)).containsExactly("echo: slow down", "echo: slow down");
            List<FakeBotApi.Call> sends = fake.calls("sendMessage");
            assertThat(sends).hasSize(2);
            assertThat(Duration.between(sends.get(0).at(), sends.get(1).at()))
                    .as("retry_after honoured").isGreaterThanOrEqualTo(Duration.ofMillis(1950));
            await().atMost(Duration.ofSeconds(30)).until(() -> host.logText().contains("telegram.poll_failed"));

            fake.block(BOB);
            fake.userMessage(BOB, "private", BOB, "are you there", null);
            DataInspector db = new DataInspector(data);
            SessionPaths bob = await().atMost(Duration.ofSeconds(60)).until(() -> session(db, BOB), s -> s != null);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(db.inbound(bob,
                    "SELECT status, error FROM delivered")).containsExactly(Map.of("status", "failed",
                    "error", "telegram sendMessage: Forbidden: bot was blocked by the user")));
            List<Map<String, Object>> notes = db.inbound(bob, "SELECT trigger, content FROM messages_in WHERE kind = 'system'");
            assertThat(notes).hasSize(1);
            assertThat(notes.get(0).get("trigger")).isEqualTo(0);
            JsonNode note = Json.parse((String) notes.get(0).get("content"));
            assertThat(note.path("type").asText()).isEqualTo("delivery_failed");
            assertThat(note.path("error").asText()).contains("bot was blocked by the user");
            assertThat(fake.calls("sendMessage").stream().filter(c -> c.params().path("chat_id").asText()
                    .equals(Long.toString(BOB)))).as("a permanent failure is not retried").hasSize(1);
        }
    }

    @Test
    void aHostKilledMidStreamLosesAndRepeatsNothing() throws Exception {
        wireEcho(ANN, false);
        List<String> texts = List.of("one", "two", "three", "four", "five", "six");
        try (HostProcess host = HostProcess.start(data, env())) {
            awaitReady(host);
            for (String t : texts.subList(0, 3)) {
                fake.userMessage(ANN, "private", ANN, t, null);
            }
            // the three replies are confirmed (recorded as delivered) before the kill: none may repeat
            DataInspector db = new DataInspector(data);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(db.inbound(db.onlySession(),
                    "SELECT count(*) AS n FROM delivered WHERE status = 'delivered'")).containsExactly(Map.of("n", 3)));
            // "four" is killed somewhere between fetch, commit, offset write and its reply
            fake.userMessage(ANN, "private", ANN, "four", null);
            host.kill9();
        }
        fake.userMessage(ANN, "private", ANN, "five", null);
        fake.userMessage(ANN, "private", ANN, "six", null);
        try (HostProcess host = HostProcess.start(data, env())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> sentTo(ANN).contains("echo: six")
                    && sentTo(ANN).contains("echo: four") && sentTo(ANN).contains("echo: five"));
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            assertThat(db.inbound(s, "SELECT json_extract(content, '$.text') AS text FROM messages_in "
                    + "WHERE kind = 'chat' ORDER BY seq")).extracting(r -> r.get("text"))
                    .as("every message once, in order").containsExactlyElementsOf(texts);
            List<String> replies = sentTo(ANN);
            assertThat(replies).as("every reply").containsAll(texts.stream().map(t -> "echo: " + t).toList());
            assertThat(replies.subList(0, 3)).containsExactly("echo: one", "echo: two", "echo: three");
            assertThat(replies).as("a confirmed reply is never sent again")
                    .filteredOn(r -> List.of("echo: one", "echo: two", "echo: three").contains(r)).hasSize(3);
            // Telegram has no idempotency key: a reply the fake accepted in the instant before the
            // kill, before the host recorded it, is the only one that may be sent twice
            assertThat(replies.size()).isBetween(6, 7);
            assertThat(fake.unconfirmed()).isZero();
            assertThat(host.stop()).isZero();
        }
    }

    @Test
    void aBotTokenTelegramRefusesKeepsTheHostUnreadyAndIsNotLogged() throws Exception {
        Map<String, String> env = env();
        String wrong = "424242:wrong-token-value";
        env.put("TANDEM_ADAPTERS__TELEGRAM__TOKEN", wrong);
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient admin = new ChatClient("http://" + host.admin());
            await().atMost(Duration.ofSeconds(60)).until(() -> host.logText().contains("telegram.get_me_failed"));
            ChatClient.Reply ready = admin.get("/readyz");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body().toString()).contains("adapter_telegram");
            assertThat(host.logText()).contains("getMe: Unauthorized").doesNotContain(wrong);
            assertThat(host.logText()).as("no polling without a bot").doesNotContain("telegram.polling");
        }
    }

    private SessionPaths session(DataInspector db, long chat) throws Exception {
        List<Map<String, Object>> s = db.central("SELECT s.id, s.agent_group_id FROM sessions s JOIN messaging_groups m "
                + "ON m.id = s.messaging_group_id WHERE m.channel_type = 'telegram' AND m.platform_id = ?",
                Long.toString(chat));
        return s.isEmpty() ? null : SessionPaths.of(data, (String) s.get(0).get("agent_group_id"),
                (String) s.get(0).get("id"));
    }

    /** No file under {@code root} (logs, session files, container.json, central.db) holds the token. */
    private static void assertTokenInNoFile(Path root) throws IOException {
        byte[] token = TOKEN.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content.contains(new String(token, StandardCharsets.ISO_8859_1))).as("token in %s", f)
                        .isFalse();
            }
        }
    }
}
