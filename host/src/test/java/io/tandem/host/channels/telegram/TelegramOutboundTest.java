package io.tandem.host.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.channels.OutboundFile;
import io.tandem.host.channels.OutboundReaction;
import io.tandem.host.support.FakeBotApi;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbound half of the adapter against the fake Bot API over loopback HTTP, with a real
 * central database for its adapter state: what each row becomes on the wire, how Telegram's
 * errors become retries or failures, and that the token never shows in an error.
 */
class TelegramOutboundTest {
    static final String TOKEN = "123456:AAsecret-token_value";
    @TempDir
    Path tmp;
    FakeBotApi fake;
    CentralDb central;
    ExecutorService io;
    TelegramState state;
    TelegramOutbound outbound;
    final Clock clock = Clock.systemUTC();

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBotApi(TOKEN);
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        io = Executors.newFixedThreadPool(2);
        state = new TelegramState(central, CentralStores.sqlite(clock).adapterState(), clock, Duration.ofDays(7));
        outbound = outbound(fake.base());
    }

    private TelegramOutbound outbound(String base) {
        BotApi api = new BotApi(HttpClient.newBuilder().executor(io).build(), base, TOKEN);
        return new TelegramOutbound(api, state, io, Duration.ofHours(25));
    }

    @AfterEach
    void tearDown() {
        fake.close();
        central.close();
        io.shutdownNow();
    }

    private static OutboundDelivery chat(String id, String chatId, String thread, JsonNode content) {
        return new OutboundDelivery("s-1", "ag-1", id, 1, "chat", "telegram", chatId, thread, content,
                "2026-12-02T10:00:00.000Z");
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static ChannelException failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ChannelException.class);
            return (ChannelException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aLongReplyIsSplitIntoTheThreadAndARepeatedDeliverySendsNothingMore() throws Exception {
        String text = "x".repeat(4000) + "\n" + "y".repeat(1000);
        OutboundDelivery d = chat("o-1", "-1001", "12", Json.object().put("text", text));
        String id = get(outbound.message(d));
        List<FakeBotApi.Call> sends = fake.calls("sendMessage");
        assertThat(sends).hasSize(2);
        assertThat(sends).allSatisfy(c -> {
            assertThat(c.params().path("chat_id").asText()).isEqualTo("-1001");
            assertThat(c.params().path("message_thread_id").asLong()).isEqualTo(12);
        });
        assertThat(sends.get(0).params().path("text").asText()).isEqualTo("x".repeat(4000) + "\n");
        assertThat(sends.get(1).params().path("text").asText()).isEqualTo("y".repeat(1000));
        assertThat(get(outbound.message(d))).as("the same platform id, nothing resent").isEqualTo(id);
        assertThat(fake.calls("sendMessage")).hasSize(2);
    }

    @Test
    void a429IsWaitedOutForRetryAfterThenSent() throws Exception {
        fake.failNext("sendMessage", 1, 429, "Too Many Requests: retry after 1", 1);
        get(outbound.message(chat("o-2", "5", null, Json.object().put("text", "hi"))));
        List<FakeBotApi.Call> sends = fake.calls("sendMessage");
        assertThat(sends).hasSize(2);
        assertThat(Duration.between(sends.get(0).at(), sends.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void a429ThatPersistsIsATransientFailure() {
        fake.failNext("sendMessage", BotApi.MAX_429_RETRIES + 1, 429, "Too Many Requests: retry after 1", 1);
        ChannelException e = failure(outbound.message(chat("o-3", "5", null, Json.object().put("text", "hi"))));
        assertThat(e.permanent()).isFalse();
        assertThat(e.getMessage()).contains("Too Many Requests");
    }

    @Test
    void aBlockedBotIsAPermanentFailureWithTelegramsDescription() {
        fake.block(5);
        ChannelException e = failure(outbound.message(chat("o-4", "5", null, Json.object().put("text", "hi"))));
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).isEqualTo("telegram sendMessage: Forbidden: bot was blocked by the user");
    }

    @Test
    void serverErrorsAreTransientAndTheNextAttemptSends() throws Exception {
        fake.failNext("sendMessage", 1, 502, "Bad Gateway", 0);
        OutboundDelivery d = chat("o-5", "5", null, Json.object().put("text", "hi"));
        assertThat(failure(outbound.message(d)).permanent()).isFalse();
        assertThat(get(outbound.message(d))).isNotBlank();
    }

    @Test
    void theTokenNeverAppearsInAnError() throws Exception {
        fake.failNext("sendMessage", 1, 400, "Bad Request: bot" + TOKEN + " is odd", 0);
        ChannelException bad = failure(outbound.message(chat("o-6", "5", null, Json.object().put("text", "hi"))));
        assertThat(bad.getMessage()).doesNotContain(TOKEN).contains("<token>");
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ChannelException down = failure(outbound("http://127.0.0.1:" + closed)
                .message(chat("o-7", "5", null, Json.object().put("text", "hi"))));
        assertThat(down.permanent()).isFalse();
        assertThat(String.valueOf(down)).doesNotContain(TOKEN);
    }

    @Test
    void aQuestionBecomesAnInlineKeyboardWhoseButtonsAreMappedInAdapterState() throws Exception {
        var content = Json.object().put("question_id", "q-0123456789abcdef").put("title", "Lunch")
                .put("question", "Pizza or soup?");
        content.putArray("options").add(Json.object().put("label", "Pizza").put("value", "p".repeat(100)))
                .add(Json.object().put("label", "Soup").put("value", "soup"));
        OutboundDelivery q = new OutboundDelivery("s-1", "ag-1", "o-8", 3, "question", "telegram", "-100", null,
                content, "2026-12-02T10:00:00.000Z");
        get(outbound.question(q));
        JsonNode p = fake.calls("sendMessage").get(0).params();
        assertThat(p.path("text").asText()).isEqualTo("Lunch\n\nPizza or soup?");
        JsonNode rows = p.path("reply_markup").path("inline_keyboard");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0).path("text").asText()).isEqualTo("Pizza");
        for (JsonNode row : rows) {
            String data = row.get(0).path("callback_data").asText();
            assertThat(data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
            assertThat(CallbackData.parse(data)).isPresent();
        }
        String first = CallbackData.parse(rows.get(0).get(0).path("callback_data").asText()).orElseThrow();
        assertThat(get(state.button(first))).contains(new CallbackData.Target("q-0123456789abcdef", "p".repeat(100)));
    }

    @Test
    void aCardShowsItsFallbackTextWithItsLinkButtonsOnly() throws Exception {
        var content = Json.object().put("fallback_text", "Build 42 passed");
        var buttons = content.putObject("card").put("title", "CI").putArray("buttons");
        buttons.addObject().put("label", "Open").put("url", "https://ci.example/42");
        buttons.addObject().put("label", "Rerun").put("value", "rerun");
        buttons.addObject().put("label", "Bad").put("url", "javascript:alert(1)");
        get(outbound.card(new OutboundDelivery("s-1", "ag-1", "o-20", 3, "card", "telegram", "5", null, content,
                "ts")));
        JsonNode p = fake.calls("sendMessage").get(0).params();
        assertThat(p.path("text").asText()).isEqualTo("Build 42 passed");
        JsonNode rows = p.path("reply_markup").path("inline_keyboard");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0).path("url").asText()).isEqualTo("https://ci.example/42");

        ChannelException empty = failure(outbound.card(new OutboundDelivery("s-1", "ag-1", "o-21", 5, "card",
                "telegram", "5", null, Json.object().set("card", Json.object()), "ts")));
        assertThat(empty.permanent()).isTrue();
        assertThat(empty.getMessage()).contains("no fallback_text");
    }

    @Test
    void editsAndReactionsNameTheStoredMessage() throws Exception {
        String id = get(outbound.message(chat("o-9", "5", null, Json.object().put("text", "draft"))));
        ChatTarget t = new ChatTarget("telegram", "5", null);
        assertThat(get(outbound.edit(new OutboundEdit("s-1", "ag-1", "o-10", 5, t, id, 3, "final", "ts")))).isEqualTo(id);
        JsonNode edit = fake.calls("editMessageText").get(0).params();
        assertThat(edit.path("message_id").asText()).isEqualTo(id);
        assertThat(edit.path("text").asText()).isEqualTo("final");
        assertThat(get(outbound.edit(new OutboundEdit("s-1", "ag-1", "o-10", 5, t, id, 3, "final", "ts"))))
                .as("a repeated edit (not modified) counts as done").isEqualTo(id);
        assertThat(failure(outbound.edit(new OutboundEdit("s-1", "ag-1", "o-11", 7, t, "999", 1, "x", "ts")))
                .getMessage()).isEqualTo("telegram editMessageText: Bad Request: message to edit not found");

        assertThat(get(outbound.react(new OutboundReaction("s-1", "ag-1", "o-12", 9, t, id, 3, "👍", "ts"))))
                .isEqualTo(id);
        JsonNode react = fake.calls("setMessageReaction").get(0).params();
        assertThat(react.path("message_id").asText()).isEqualTo(id);
        assertThat(react.path("reaction").get(0).path("emoji").asText()).isEqualTo("👍");
        assertThat(failure(outbound.react(new OutboundReaction("s-1", "ag-1", "o-13", 11, t, null, 2, "👍", "ts")))
                .permanent()).isTrue();
    }

    @Test
    void filesGoOutAsDocumentsAfterTheTextAndALinkSwappedInIsRefused() throws Exception {
        Path box = SessionPaths.of(tmp, "ag-1", "s-1").outDir().resolve("outbox").resolve("o-14");
        Files.createDirectories(box);
        Path report = box.resolve("report.txt");
        Files.write(report, "the report\u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        OutboundDelivery d = chat("o-14", "5", null, Json.object().put("text", "here"))
                .withFiles(List.of(new OutboundFile("report.txt", "text/plain", Files.size(report), report)));
        get(outbound.message(d));
        assertThat(fake.calls()).extracting(FakeBotApi.Call::method).containsSubsequence("sendMessage", "sendDocument");
        JsonNode doc = fake.calls("sendDocument").get(0).params();
        assertThat(doc.path("chat_id").asText()).isEqualTo("5");
        assertThat(doc.path("document").path("file_name").asText()).isEqualTo("report.txt");
        assertThat(doc.path("document").path("content_type").asText()).isEqualTo("text/plain");
        assertThat(Base64.getDecoder().decode(doc.path("document").path("base64").asText()))
                .isEqualTo(Files.readAllBytes(report));

        Path swapped = box.resolveSibling("o-15").resolve("secret.txt");
        Files.createDirectories(swapped.getParent());
        Files.createSymbolicLink(swapped, tmp.resolve("central.db"));
        OutboundDelivery linked = chat("o-15", "5", null, Json.object().put("text", ""))
                .withFiles(List.of(new OutboundFile("secret.txt", "text/plain", 10, swapped)));
        ChannelException e = failure(outbound.message(linked));
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).startsWith("file secret.txt of o-15 cannot be read");
        assertThat(fake.calls("sendDocument")).hasSize(1);
    }

    @Test
    void typingIsAChatAction() throws Exception {
        get(outbound.typing(new ChatTarget("telegram", "-100", "4")));
        JsonNode p = fake.calls("sendChatAction").get(0).params();
        assertThat(p.path("action").asText()).isEqualTo("typing");
        assertThat(p.path("message_thread_id").asLong()).isEqualTo(4);
    }
}
