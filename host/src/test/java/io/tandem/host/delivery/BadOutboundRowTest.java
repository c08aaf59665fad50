package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, bug 5: one outbound row that cannot be mapped must fail visibly (delivered.status =
 * failed with the reason, a delivery_failed note with trigger=0) and must not hold up the rows
 * after it.
 */
class BadOutboundRowTest {
    @TempDir
    Path tmp;
    DeliveryHarness h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    /** Writes one bad row; returns the key it must be recorded under. */
    @FunctionalInterface
    interface BadRow {
        String write(OutboundRows rows) throws Exception;
    }

    static Stream<Arguments> badRows() {
        return Stream.of(
                Arguments.of("content that is not JSON", false, (BadRow) r -> r.out("chat", "{not json", null, null, null),
                        "malformed JSON"),
                Arguments.of("content that is a JSON array", false, (BadRow) r -> r.out("chat", "[1,2]", null, null, null),
                        "not a JSON object"),
                Arguments.of("an unknown operation", false, (BadRow) r -> r.out("chat",
                        "{\"operation\":\"delete\",\"seq\":2}", null, null, null), "unknown operation \"delete\""),
                Arguments.of("an edit without text", false, (BadRow) r -> r.out("chat",
                        "{\"operation\":\"edit\",\"seq\":2}", null, null, null), "needs a text field 'text'"),
                Arguments.of("a question without question_id", false, (BadRow) r -> r.out("question",
                        "{\"title\":\"?\",\"options\":[\"a\"]}", null, null, null), "question_id is missing"),
                Arguments.of("a malformed deliver_after", false, (BadRow) r -> {
                    String id = io.tandem.schema.ids.Ids.mint("o");
                    r.rawAt(id, null, "chat", "{\"text\":\"x\"}", null, null, null, "tomorrow");
                    return id;
                }, "not a Tandem timestamp"),
                Arguments.of("an unknown kind", true, (BadRow) r -> r.out("poll", "{\"text\":\"x\"}", null, null, null),
                        "'poll' is not one of"),
                Arguments.of("an even seq", true, (BadRow) r -> {
                    String id = io.tandem.schema.ids.Ids.mint("o");
                    r.rawAt(id, 1000L, "chat", "{\"text\":\"x\"}", null, null, null, null);
                    return id;
                }, "outbound seq must be odd"),
                Arguments.of("no id", true, (BadRow) r -> {
                    r.rawAt(null, 1001L, "chat", "{\"text\":\"x\"}", null, null, null, null);
                    return OutboundRow.keyWithoutId(1001);
                }, "has no id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void aBadRowFailsVisiblyAndTheNextRowIsStillDelivered(String what, boolean lax, BadRow bad, String reason)
            throws Exception {
        h = new DeliveryHarness(tmp);
        if (lax) {
            h.rows.lax();
        }
        h.files.chatIn("http", "demo", "hi");
        String badKey = bad.write(h.rows);
        String good = h.rows.chat("still here");

        h.pass();

        assertThat(h.channel.sent).extracting(d -> d.messageOutId()).containsExactly(good);
        assertThat(h.delivered(good)).containsEntry("status", "delivered");
        assertThat(h.delivered(badKey)).containsEntry("status", "failed");
        assertThat((String) h.delivered(badKey).get("error")).contains(reason);
        var notes = h.notes();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).get("trigger")).isEqualTo(0);
        var note = Json.parse((String) notes.get(0).get("content"));
        assertThat(note.path("type").asText()).isEqualTo("delivery_failed");
        assertThat(note.path("message_out_id").asText()).isEqualTo(badKey);
        assertThat(note.path("error").asText()).contains(reason);

        h.pass();
        assertThat(h.channel.sent).hasSize(1);
        assertThat(h.notes()).as("a settled bad row is not failed twice").hasSize(1);
    }
}
