package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input on the http channel gets the documented status and code, and changes nothing. */
class HttpBadInputTest {
    @TempDir
    static Path tmp;
    static HostProcess host;
    static ChatClient chat;
    static DataInspector db;

    @BeforeAll
    static void startHost() throws Exception {
        Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_ADAPTERS__HTTP__MAX_TEXT", "1KiB");
        env.put("TANDEM_ADAPTERS__HTTP__MAX_BODY", "8KiB");
        host = HostProcess.start(tmp.resolve("data"), env);
        chat = new ChatClient(host.httpBase());
        db = new DataInspector(host.dataDir());
    }

    @AfterAll
    static void stopHost() throws Exception {
        host.close();
    }

    static Stream<Arguments> badPosts() {
        return Stream.of(
                Arguments.of("malformed JSON", "demo", "{\"sender\":", 400, "invalid_json"),
                Arguments.of("not an object", "demo", "[1,2]", 400, "invalid_json"),
                Arguments.of("missing sender", "demo", "{\"text\":\"hi\"}", 400, "invalid_field"),
                Arguments.of("sender without id", "demo", "{\"sender\":{\"name\":\"x\"},\"text\":\"hi\"}", 400,
                        "invalid_field"),
                Arguments.of("text not a string", "demo", "{\"sender\":{\"id\":\"a\"},\"text\":5}", 400,
                        "invalid_field"),
                Arguments.of("text over max_text", "demo", "{\"sender\":{\"id\":\"a\"},\"text\":\"" + "x".repeat(2000)
                        + "\"}", 413, "payload_too_large"),
                Arguments.of("body over max_body", "demo", "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\",\"pad\":\""
                        + "x".repeat(20_000) + "\"}", 413, "payload_too_large"),
                Arguments.of("junk after the object", "demo", "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\"} junk", 400,
                        "invalid_json"),
                Arguments.of("two objects", "demo", "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\"}{\"text\":\"x\"}", 400,
                        "invalid_json"),
                Arguments.of("sender name over 256", "demo", "{\"sender\":{\"id\":\"a\",\"name\":\"" + "n".repeat(257)
                        + "\"},\"text\":\"hi\"}", 400, "invalid_field"),
                Arguments.of("sender name over 256 to an unknown chat", "nobody-knows", "{\"sender\":{\"id\":\"a\","
                        + "\"name\":\"" + "n".repeat(5000) + "\"},\"text\":\"hi\"}", 400, "invalid_field"),
                Arguments.of("sender id over 256", "demo", "{\"sender\":{\"id\":\"" + "i".repeat(257)
                        + "\"},\"text\":\"hi\"}", 400, "invalid_field"),
                Arguments.of("message id over 256", "demo", "{\"id\":\"" + "m".repeat(257)
                        + "\",\"sender\":{\"id\":\"a\"},\"text\":\"hi\"}", 400, "invalid_field"),
                Arguments.of("thread id over 256", "demo", "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\",\"thread_id\":\""
                        + "t".repeat(257) + "\"}", 400, "invalid_field"),
                Arguments.of("dot-dot chat id", "%2E%2E", "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\"}", 400,
                        "invalid_id"),
                Arguments.of("chat id with a slash", "a%2Fb", "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\"}", 400,
                        "invalid_id"),
                Arguments.of("over-long chat id", "c".repeat(200), "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\"}", 400,
                        "invalid_id"));
    }

    @ParameterizedTest(name = "{0} -> {3} {4}")
    @MethodSource("badPosts")
    void aBadPostIsRefusedWithItsDocumentedCodeAndChangesNothing(String what, String chatId, String body, int status,
                                                                  String code) throws Exception {
        List<Object> before = snapshot();
        ChatClient.Reply r = chat.post(chatId, body);
        assertThat(r.status()).as(what).isEqualTo(status);
        assertThat(r.body().path("error").path("code").asText()).as(what).isEqualTo(code);
        assertThat(r.body().path("error").path("message").asText()).as(what).isNotBlank();
        assertThat(snapshot()).as(what + " changed nothing").isEqualTo(before);
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        List<Object> before = snapshot();
        ChatClient.Reply r = chat.send(HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/demo/messages"))
                .header("content-type", "text/plain").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("hi")).build());
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("unsupported_media_type");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anActionNeedsAQuestionIdAndAnUnknownQuestionIs404() throws Exception {
        URI actions = URI.create(host.httpBase() + "/v1/chats/demo/actions");
        ChatClient.Reply missing = chat.send(HttpRequest.newBuilder(actions).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"yes\"}")).build());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("error").path("message").asText()).contains("question_id");
        ChatClient.Reply unknown = chat.send(HttpRequest.newBuilder(actions).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question_id\":\"q-nope\",\"value\":\"yes\"}")).build());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").path("message").asText()).contains("q-nope");
        ChatClient.Reply broken = chat.send(HttpRequest.newBuilder(actions).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{nope")).build());
        assertThat(broken.body().path("error").path("code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void unknownEndpointsAndMethodsGetJsonErrors() throws Exception {
        assertThat(chat.get("/v2/whatever").status()).isEqualTo(404);
        ChatClient.Reply r = chat.send(HttpRequest.newBuilder(URI.create(host.httpBase() + "/v1/chats/demo/messages"))
                .DELETE().build());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aBadLongPollParameterNamesTheField() throws Exception {
        ChatClient.Reply r = chat.get("/v1/chats/demo/messages?after=-1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("invalid_field");
        assertThat(r.body().path("error").path("message").asText()).contains("after");
        assertThat(chat.get("/v1/chats/demo/messages?wait=31").status()).isEqualTo(400);
    }

    @Test
    void aMessageToAnUnknownChatIsDroppedAndAudited() throws Exception {
        ChatClient.Reply r = chat.say("nobody-here", "eve", "hi");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().path("dropped").asText()).isEqualTo("unknown_chat");
        assertThat(r.body().path("routed")).isEmpty();
        assertThat(db.central("SELECT reason, message_count FROM unregistered_senders WHERE platform_id = ?",
                "nobody-here")).containsExactly(Map.of("reason", "unknown_chat", "message_count", 1));
        assertThat(chat.poll("nobody-here", 0, 0).body().path("events")).isEmpty();
    }

    @Test
    void theHostStillServesAfterBadInput() throws Exception {
        chat.post("demo", "{{{{");
        ChatClient.Reply ok = chat.say("demo", "ann", "still here");
        assertThat(ok.status()).isEqualTo(202);
        assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).startsWith("echo: ");
    }

    private static List<Object> snapshot() throws Exception {
        return List.of(db.central("SELECT count(*) AS n FROM sessions"),
                db.central("SELECT count(*) AS n FROM messaging_groups"),
                db.central("SELECT count(*) AS n FROM users"),
                db.central("SELECT channel_type, platform_id, message_count FROM unregistered_senders ORDER BY 1, 2"),
                db.central("SELECT count(*) AS n FROM chat_sdk_kv"));
    }
}
