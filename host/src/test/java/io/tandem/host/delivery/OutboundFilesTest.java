package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 §2, files: a chat row's files (copied by the runner into {@code out/outbox/<id>/})
 * reach the channel; on http the event lists them with a url that serves exactly those bytes,
 * only in that chat, never through a symbolic link; a link or an oversized file fails the
 * delivery permanently, naming the file.
 */
class OutboundFilesTest {
    private static final String TOKEN = "chat-token";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;
    HttpLoop h;

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Copies {@code files} (name to bytes) into the outbox of a new row id, as the runner does before committing. */
    private String withFiles(SessionRef s, Map<String, byte[]> files) throws Exception {
        String id = Ids.mint(Ids.MESSAGE_OUT);
        Path dir = Files.createDirectories(s.paths().outbox().resolve(id));
        for (var f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        return id;
    }

    private static String row(String text, String... nameTypeSize) {
        var c = Json.object().put("text", text);
        var arr = c.putArray("files");
        for (int i = 0; i < nameTypeSize.length; i += 3) {
            arr.addObject().put("name", nameTypeSize[i]).put("type", nameTypeSize[i + 1])
                    .put("size", Long.parseLong(nameTypeSize[i + 2]));
        }
        return Json.write(c);
    }

    private HttpResponse<byte[]> download(String path, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (withToken) {
            b.header("authorization", "Bearer " + TOKEN);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void filesAreListedInTheEventAndServedOnlyInTheirChatWithTypeAndLength() throws Exception {
        h = new HttpLoop(tmp, 1 << 20, TOKEN);
        SessionRef s = h.post("demo", "pm-1", "ann", "send me the report");
        byte[] text = "quarterly numbers\n".getBytes(StandardCharsets.UTF_8);
        byte[] image = new byte[300_000];
        new Random(7).nextBytes(image);
        String id = withFiles(s, Map.of("report 1+1.txt", text, "chart.png", image));
        h.out(s, id, "chat", row("here you go", "report 1+1.txt", "text/plain", "18", "chart.png", "image/png",
                "300000"));
        h.pass(s);

        JsonNode ev = h.events("demo").get(0);
        assertThat(ev.path("text").asText()).isEqualTo("here you go");
        List<JsonNode> files = List.of(ev.path("files").get(0), ev.path("files").get(1));
        assertThat(files).extracting(f -> f.path("name").asText() + " " + f.path("type").asText() + " "
                + f.path("size").asLong()).containsExactly("report 1+1.txt text/plain 18", "chart.png image/png 300000");
        String textUrl = files.get(0).path("url").asText();
        assertThat(textUrl).isEqualTo("/v1/chats/demo/files/" + id + "/report%201%2B1.txt");

        HttpResponse<byte[]> got = download(textUrl, true);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(text);
        assertThat(got.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(got.headers().firstValue("content-length")).hasValue("18");
        assertThat(got.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        HttpResponse<byte[]> big = download(files.get(1).path("url").asText(), true);
        assertThat(big.statusCode()).isEqualTo(200);
        assertThat(big.body()).isEqualTo(image);
        assertThat(big.headers().firstValue("content-length")).hasValue("300000");

        assertThat(download(textUrl, false).statusCode()).as("the bearer token is needed").isEqualTo(401);
        assertThat(download("/v1/chats/other/files/" + id + "/report%201%2B1.txt", true).statusCode())
                .as("another chat cannot fetch it").isEqualTo(404);
        assertThat(download("/v1/chats/demo/files/" + id + "/secret.txt", true).statusCode()).isEqualTo(404);
        assertThat(download("/v1/chats/demo/files/o-unknown/chart.png", true).statusCode()).isEqualTo(404);
        assertThat(download("/v1/chats/demo/files/" + id + "/..%2F..%2Finbound.db", true).statusCode()).isEqualTo(404);
    }

    @Test
    void aFileSwappedForASymbolicLinkAfterDeliveryIsNotServed() throws Exception {
        h = new HttpLoop(tmp, 1 << 20, TOKEN);
        SessionRef s = h.post("demo", "pm-1", "ann", "hi");
        String id = withFiles(s, Map.of("note.txt", "ok".getBytes(StandardCharsets.UTF_8)));
        h.out(s, id, "chat", row("note", "note.txt", "text/plain", "2"));
        h.pass(s);
        String url = h.events("demo").get(0).path("files").get(0).path("url").asText();
        assertThat(download(url, true).statusCode()).isEqualTo(200);

        Path secret = Files.writeString(tmp.resolve("secret.txt"), "do not serve");
        Path file = s.paths().outbox().resolve(id).resolve("note.txt");
        Files.delete(file);
        Files.createSymbolicLink(file, secret);
        HttpResponse<byte[]> r = download(url, true);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("do not serve");

        Path folder = s.paths().outbox().resolve(id);
        Files.delete(file);
        Files.delete(folder);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("note.txt"), "do not serve");
        Files.createSymbolicLink(folder, elsewhere);
        assertThat(download(url, true).statusCode()).as("a linked folder is refused too").isEqualTo(404);
    }

    @Test
    void aSymbolicLinkAnOversizedOrAMissingFileFailsTheDeliveryPermanentlyNamingIt() throws Exception {
        h = new HttpLoop(tmp, 1000, "");
        SessionRef s = h.post("demo", "pm-1", "ann", "hi");
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "do not send");
        String linked = withFiles(s, Map.of());
        Files.createSymbolicLink(s.paths().outbox().resolve(linked).resolve("notes.txt"), secret);
        h.out(s, linked, "chat", row("linked", "notes.txt", "text/plain", "11"));
        String big = withFiles(s, Map.of("big.bin", new byte[1001]));
        h.out(s, big, "chat", row("big", "big.bin", "application/octet-stream", "1001"));
        String missing = withFiles(s, Map.of());
        h.out(s, missing, "chat", row("missing", "gone.txt", "text/plain", "1"));
        String sneaky = withFiles(s, Map.of());
        h.out(s, sneaky, "chat", row("sneaky", "../../inbound.db", "text/plain", "1"));
        String fine = withFiles(s, Map.of("ok.txt", new byte[1000]));
        h.out(s, fine, "chat", row("fine", "ok.txt", "text/plain", "1000"));
        h.pass(s);

        assertThat(h.delivered(s, linked)).containsEntry("status", "failed");
        assertThat((String) h.delivered(s, linked).get("error")).contains("notes.txt").contains("symbolic link");
        assertThat((String) h.delivered(s, big).get("error")).contains("big.bin")
                .contains("over delivery.max_file (1000 bytes)");
        assertThat((String) h.delivered(s, missing).get("error")).contains("gone.txt").contains("missing");
        assertThat((String) h.delivered(s, sneaky).get("error")).contains("is not a plain file name");
        assertThat(h.delivered(s, fine)).containsEntry("status", "delivered");
        assertThat(h.events("demo")).extracting(e -> e.path("text").asText()).containsExactly("fine");
        assertThat(h.inbound(s, "SELECT count(*) AS n FROM delivery_attempts")).containsExactly(Map.of("n", 0));
    }
}
