package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 §2: every row kind reaches the http event log with the fields of DESIGN 6. Edits and
 * reactions name their target by seq; parity picks the table, and the event carries the platform
 * id that message has on the channel (an inbound message keeps the id it was posted with, an
 * outbound one the cursor it was delivered under).
 */
class HttpEventKindsTest {
    @TempDir
    Path tmp;
    HttpLoop h;
    SessionRef s;

    @BeforeEach
    void setUp() throws Exception {
        h = new HttpLoop(tmp);
        s = h.post("demo", "pm-41", "ann", "hello bot");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    @Test
    void editsAndReactionsOfInboundAndOutboundMessagesCarryTheTargetsPlatformMessageId() throws Exception {
        String first = h.out(s, "chat", "{\"text\":\"first\"}");
        h.pass(s);
        assertThat(h.delivered(s, first)).containsEntry("platform_message_id", "1");
        long outSeq = h.outSeq(s, first);
        long inSeq = h.inSeq(s, "pm-41");
        assertThat(outSeq % 2).isEqualTo(1);
        assertThat(inSeq % 2).isEqualTo(0);

        h.out(s, "chat", "{\"operation\":\"edit\",\"seq\":" + outSeq + ",\"text\":\"first, edited\"}");
        h.out(s, "chat", "{\"operation\":\"reaction\",\"seq\":" + outSeq + ",\"emoji\":\"🎉\"}");
        h.out(s, "chat", "{\"operation\":\"edit\",\"seq\":" + inSeq + ",\"text\":\"hello bot (quoted)\"}");
        h.out(s, "chat", "{\"operation\":\"reaction\",\"seq\":" + inSeq + ",\"emoji\":\"👍\"}");
        h.pass(s);

        List<JsonNode> events = h.events("demo");
        assertThat(events).extracting(e -> e.path("type").asText() + " " + e.path("target_platform_message_id").asText()
                        + " " + e.path("text").asText() + e.path("emoji").asText())
                .containsExactly("message  first", "edit 1 first, edited", "reaction 1 🎉",
                        "edit pm-41 hello bot (quoted)", "reaction pm-41 👍");
        for (JsonNode e : events) {
            assertThat(e.path("session_id").asText()).isEqualTo(s.sessionId());
            assertThat(e.path("agent_group_id").asText()).isEqualTo(HttpLoop.GROUP);
        }
    }

    @Test
    void aCardIsACardEventWithTheAgentsObjectAndItsFallbackText() throws Exception {
        String card = h.out(s, "card", "{\"card\":{\"title\":\"Status\",\"rows\":[1,2]},\"fallback_text\":\"Status: ok\"}");
        h.pass(s);
        JsonNode ev = h.events("demo").get(0);
        assertThat(ev.path("type").asText()).isEqualTo("card");
        assertThat(ev.path("card")).isEqualTo(Json.parse("{\"title\":\"Status\",\"rows\":[1,2]}"));
        assertThat(ev.path("text").asText()).isEqualTo("Status: ok");
        assertThat(ev.path("message_id").asText()).isEqualTo(card);
    }
}
