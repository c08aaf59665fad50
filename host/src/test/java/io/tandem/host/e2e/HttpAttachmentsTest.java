package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.testagents.InboxReaderAgent;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attachments over real loopback HTTP into a real host, runner and exec agent: the files land in the
 * session's inbox, the agent opens them at the workspace-relative path it is handed, and every
 * hostile name, bad base64 and an oversized body is refused with nothing written (no inbox entry,
 * no inbound row, no session).
 */
class HttpAttachmentsTest {
    @TempDir
    static Path tmp;
    static HostProcess host;
    static ChatClient chat;
    static DataInspector db;

    @BeforeAll
    static void startHost() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.useTestAgent(data, List.of("-Xmx64m"), InboxReaderAgent.class.getName());
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_ADAPTERS__HTTP__MAX_BODY", "16KiB");
        host = HostProcess.start(data, env);
        chat = new ChatClient(host.httpBase());
        db = new DataInspector(data);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode message(String text) {
        ObjectNode n = Json.object().put("text", text);
        n.putObject("sender").put("id", "ann").put("name", "Ann");
        return n;
    }

    /** Every path below any session's inbox, the inbound rows of every session, and the session count. */
    private static List<Object> written() throws Exception {
        List<Object> out = new ArrayList<>();
        Path sessions = host.dataDir().resolve("sessions");
        if (Files.isDirectory(sessions)) {
            try (Stream<Path> all = Files.walk(sessions)) {
                all.filter(p -> p.toString().contains("/inbox/")).sorted().forEach(p -> out.add(p.toString()));
            }
        }
        for (Map<String, Object> s : db.central("SELECT id, agent_group_id FROM sessions ORDER BY id")) {
            SessionPaths paths = SessionPaths.of(host.dataDir(), (String) s.get("agent_group_id"), (String) s.get("id"));
            out.add(s.get("id"));
            out.add(db.inbound(paths, "SELECT id FROM messages_in ORDER BY seq"));
        }
        return out;
    }

    @Test
    void attachedFilesAreWrittenIntoTheInboxAndTheAgentReadsThemAtTheGivenPath() throws Exception {
        long after = chat.poll("demo", 0, 0).body().path("next").asLong();
        ObjectNode n = message("see attached");
        ArrayNode a = n.putArray("attachments");
        a.addObject().put("name", "notes.txt").put("type", "text/plain").put("data", b64("hello inbox"));
        a.addObject().put("name", "data.csv").put("type", "text/csv").put("data", b64("1,2,3"));
        ChatClient.Reply r = chat.post("demo", Json.write(n));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
        String id = r.body().path("id").asText();
        JsonNode routed = r.body().path("routed").get(0);
        SessionPaths s = SessionPaths.of(host.dataDir(), routed.path("agent_group_id").asText(),
                routed.path("session_id").asText());
        assertThat(s.inbox().resolve(id).resolve("notes.txt")).hasContent("hello inbox");
        assertThat(s.inbox().resolve(id).resolve("data.csv")).hasContent("1,2,3");
        JsonNode content = Json.parse((String) db.inbound(s, "SELECT content FROM messages_in WHERE id = ?", id)
                .get(0).get("content"));
        assertThat(content.path("attachments").get(0).path("path").asText()).isEqualTo("inbox/" + id + "/notes.txt");

        JsonNode event = chat.awaitEvent("demo", after, 60);
        while (!event.path("text").asText().contains("notes.txt")) { // other tests of this class post to demo too
            event = chat.awaitEvent("demo", event.path("cursor").asLong(), 60);
        }
        assertThat(event.path("text").asText()).isEqualTo(
                "files: notes.txt text/plain 11 bytes: hello inbox; data.csv text/csv 5 bytes: 1,2,3");
    }

    @Test
    void aRePostedIdAnswersAsADuplicateAndDoesNotRewriteItsFiles() throws Exception {
        ObjectNode n = message("once").put("id", "client-7");
        n.putArray("attachments").addObject().put("name", "a.txt").put("data", b64("first"));
        ChatClient.Reply first = chat.post("demo", Json.write(n));
        assertThat(first.status()).isEqualTo(202);
        List<Object> before = written();
        ObjectNode again = message("once").put("id", "client-7");
        again.putArray("attachments").addObject().put("name", "a.txt").put("data", b64("second"));
        ChatClient.Reply second = chat.post("demo", Json.write(again));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("duplicate").asBoolean()).isTrue();
        assertThat(written()).isEqualTo(before);
        JsonNode routed = first.body().path("routed").get(0);
        SessionPaths s = SessionPaths.of(host.dataDir(), routed.path("agent_group_id").asText(),
                routed.path("session_id").asText());
        String rowId = (String) db.inbound(s, "SELECT id FROM messages_in WHERE platform_message_id = 'client-7'")
                .get(0).get("id");
        assertThat(s.inbox().resolve(rowId).resolve("a.txt")).hasContent("first");
    }

    static Stream<String> hostileNames() {
        return Stream.of("../x", "a/b", "..", "", "a\u0000b", "/etc/passwd", "a\\b", ".hidden", "n".repeat(129));
    }

    @ParameterizedTest(name = "name [{0}] is refused")
    @MethodSource("hostileNames")
    void aHostileNameIsRefusedNamingTheAttachmentAndNothingIsWritten(String name) throws Exception {
        List<Object> before = written();
        ObjectNode n = message("hostile");
        ArrayNode a = n.putArray("attachments");
        a.addObject().put("name", "fine.txt").put("data", b64("fine"));
        a.addObject().put("name", name).put("data", b64("evil"));
        ChatClient.Reply r = chat.post("demo", Json.write(n));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("invalid_field");
        assertThat(r.body().path("error").path("message").asText()).startsWith("attachments[1] '")
                .contains("not a safe file name");
        assertThat(written()).isEqualTo(before);
        assertThat(tmp.resolve("x")).doesNotExist();
        assertThat(tmp.resolve("data").resolve("x")).doesNotExist();
    }

    @Test
    void badBase64AndDuplicateNamesAreRefusedWithNothingWritten() throws Exception {
        List<Object> before = written();
        ObjectNode bad = message("bad");
        bad.putArray("attachments").addObject().put("name", "a.txt").put("data", "%%%not-base64");
        ChatClient.Reply r = chat.post("demo", Json.write(bad));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").path("message").asText()).startsWith("attachments[0] 'a.txt' data")
                .contains("base64");
        ObjectNode dup = message("dup");
        ArrayNode a = dup.putArray("attachments");
        a.addObject().put("name", "a.txt").put("data", b64("1"));
        a.addObject().put("name", "a.txt").put("data", b64("2"));
        ChatClient.Reply d = chat.post("demo", Json.write(dup));
        assertThat(d.status()).isEqualTo(400);
        assertThat(d.body().path("error").path("message").asText()).startsWith("attachments[1] 'a.txt'");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void anAttachmentOverMaxBodyIs413AndNothingIsWritten() throws Exception {
        List<Object> before = written();
        ObjectNode n = message("big");
        n.putArray("attachments").addObject().put("name", "big.bin").put("data", b64("z".repeat(20_000)));
        ChatClient.Reply r = chat.post("demo", Json.write(n));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("payload_too_large");
        assertThat(written()).isEqualTo(before);
    }
}
