package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.session.InboxFile;
import io.tandem.schema.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Validation of {@code attachments} in a posted message: every refusal names the attachment. */
class AttachmentsTest {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode body() {
        ObjectNode n = Json.object().put("text", "hi");
        n.putObject("sender").put("id", "ann");
        return n;
    }

    private static PostMessage parse(ObjectNode n, long max) {
        return PostMessage.parse(Json.write(n), 1000, max);
    }

    private static void refused(ObjectNode n, long max, int status, String code, String... inMessage) {
        assertThatThrownBy(() -> parse(n, max)).isInstanceOfSatisfying(HttpError.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(inMessage);
        });
    }

    @Test
    void validAttachmentsAreDecodedWithTheirTypeOrTheDefault() {
        ObjectNode n = body();
        ArrayNode a = n.putArray("attachments");
        a.addObject().put("name", "notes.txt").put("type", "text/plain").put("data", b64("hello"));
        a.addObject().put("name", "raw_1.bin").put("data", "");
        List<InboxFile> files = parse(n, 1000).attachments();
        assertThat(files).extracting(InboxFile::name).containsExactly("notes.txt", "raw_1.bin");
        assertThat(files).extracting(InboxFile::type).containsExactly("text/plain", "application/octet-stream");
        assertThat(new String(files.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(files.get(1).data()).isEmpty();
        assertThat(parse(body().putNull("attachments"), 1000).attachments()).isEmpty();
        assertThat(parse(body(), 1000).attachments()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "a\\b", "..", ".", "", "a\u0000b", "/etc/passwd", ".hidden", "sp ace.txt",
        "x/../../y", "C:evil"})
    void anUnsafeNameIsRefusedNamingTheAttachment(String name) {
        ObjectNode n = body();
        ArrayNode a = n.putArray("attachments");
        a.addObject().put("name", "ok.txt").put("data", b64("fine"));
        a.addObject().put("name", name).put("data", b64("evil"));
        refused(n, 1000, 400, "invalid_field", "attachments[1]", "not a safe file name");
    }

    @Test
    void anOverLongNameIsRefused() {
        ObjectNode n = body();
        n.putArray("attachments").addObject().put("name", "n".repeat(129)).put("data", b64("x"));
        refused(n, 1000, 400, "invalid_field", "attachments[0] 'nnnn", "not a safe file name");
        ObjectNode ok = body();
        ok.putArray("attachments").addObject().put("name", "n".repeat(128)).put("data", b64("x"));
        assertThat(parse(ok, 1000).attachments()).hasSize(1);
    }

    @Test
    void badBase64IsRefusedNamingTheAttachment() {
        ObjectNode n = body();
        n.putArray("attachments").addObject().put("name", "a.txt").put("data", "not base64!!");
        refused(n, 1000, 400, "invalid_field", "attachments[0] 'a.txt' data", "base64");
    }

    @Test
    void duplicateNamesIgnoringCaseAreRefused() {
        ObjectNode n = body();
        ArrayNode a = n.putArray("attachments");
        a.addObject().put("name", "Report.txt").put("data", b64("1"));
        a.addObject().put("name", "report.TXT").put("data", b64("2"));
        refused(n, 1000, 400, "invalid_field", "attachments[1] 'report.TXT'", "attachments[0]");
    }

    @Test
    void theDecodedTotalOverTheLimitIs413NamingTheAttachmentThatPassesIt() {
        ObjectNode n = body();
        ArrayNode a = n.putArray("attachments");
        a.addObject().put("name", "a.bin").put("data", b64("x".repeat(60)));
        a.addObject().put("name", "b.bin").put("data", b64("y".repeat(60)));
        refused(n, 100, 413, "payload_too_large", "attachments[1] 'b.bin'", "120 bytes", "max_body (100 bytes)");
        assertThat(parse(n, 120).attachments()).hasSize(2);
    }

    @Test
    void malformedEntriesNameTheirField() {
        refused(body().put("attachments", "x"), 1000, 400, "invalid_field", "attachments must be an array");
        ObjectNode notObject = body();
        notObject.putArray("attachments").add(5);
        refused(notObject, 1000, 400, "invalid_field", "attachments[0] must be an object");
        ObjectNode noName = body();
        noName.putArray("attachments").addObject().put("data", b64("x"));
        refused(noName, 1000, 400, "invalid_field", "attachments[0].name");
        ObjectNode noData = body();
        noData.putArray("attachments").addObject().put("name", "a.txt");
        refused(noData, 1000, 400, "invalid_field", "attachments[0] 'a.txt' data");
        ObjectNode badType = body();
        badType.putArray("attachments").addObject().put("name", "a.txt").put("type", "x\ny").put("data", "");
        refused(badType, 1000, 400, "invalid_field", "attachments[0] 'a.txt' type");
        ObjectNode tooMany = body();
        ArrayNode many = tooMany.putArray("attachments");
        for (int i = 0; i <= Attachments.MAX_COUNT; i++) {
            many.addObject().put("name", "f" + i).put("data", "");
        }
        refused(tooMany, 1000, 400, "invalid_field", "at most 100 files");
    }
}
