package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralDb;
import io.tandem.host.support.DataInspector;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery by kind (issue 5, section 3): each kind and operation reaches its channel call. */
class DeliveryByKindTest {
    @TempDir
    Path tmp;
    DeliveryHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new DeliveryHarness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String op(String json) throws Exception {
        return h.rows.out("chat", json, null, null, null);
    }

    @Test
    void anEditOfAnInboundMessageUsesItsStoredPlatformIdAndChat() throws Exception {
        long in = h.rows.chatIn("http", "demo", "t-1", "pm-7");
        String edit = op("{\"operation\":\"edit\",\"seq\":" + in + ",\"text\":\"fixed\"}");
        h.pass();
        assertThat(h.channel.edits).hasSize(1);
        var e = h.channel.edits.get(0);
        assertThat(e.targetPlatformMessageId()).isEqualTo("pm-7");
        assertThat(e.targetSeq()).isEqualTo(in);
        assertThat(e.text()).isEqualTo("fixed");
        assertThat(e.target().platformId()).isEqualTo("demo");
        assertThat(e.target().threadId()).isEqualTo("t-1");
        assertThat(h.delivered(edit)).containsEntry("status", "delivered");
    }

    @Test
    void anEditOrReactionOfAnOutboundMessageUsesTheIdItWasDeliveredUnder() throws Exception {
        h.files.chatIn("http", "demo", "hi");
        String earlier = h.rows.chat("first");
        h.pass();
        long earlierSeq = h.rows.seqOut(earlier);
        String sentNow = h.rows.chat("second");
        long nowSeq = h.rows.seqOut(sentNow);
        op("{\"operation\":\"edit\",\"seq\":" + earlierSeq + ",\"text\":\"first, edited\"}");
        op("{\"operation\":\"reaction\",\"seq\":" + nowSeq + ",\"emoji\":\"👍\"}");
        h.pass();
        assertThat(h.channel.edits).extracting(e -> e.targetPlatformMessageId()).containsExactly("p-1");
        assertThat(h.channel.reactions).as("a message delivered earlier in the same pass resolves at once")
                .extracting(r -> r.targetPlatformMessageId() + " " + r.emoji()).containsExactly("p-2 👍");
        assertThat(h.channel.reactions.get(0).target().platformId()).isEqualTo("demo");
    }

    @Test
    void anUnresolvableSeqFailsPermanentlyNamingIt() throws Exception {
        h.files.chatIn("http", "demo", "hi");
        String edit = op("{\"operation\":\"edit\",\"seq\":999,\"text\":\"x\"}");
        String noPlatformId = op("{\"operation\":\"reaction\",\"seq\":2,\"emoji\":\"x\"}");
        h.pass();
        assertThat(h.channel.edits).isEmpty();
        assertThat(h.delivered(edit)).containsEntry("status", "failed");
        assertThat((String) h.delivered(edit).get("error")).contains("seq 999");
        assertThat((String) h.delivered(noPlatformId).get("error")).contains("seq 2 has no platform message id");
        assertThat(h.inbound("SELECT count(*) AS n FROM delivery_attempts")).containsExactly(Map.of("n", 0));
    }

    @Test
    void aCardGoesThroughSendCard() throws Exception {
        h.files.chatIn("http", "demo", "hi");
        String card = h.rows.out("card", "{\"card\":{\"title\":\"Pick\"},\"fallback_text\":\"Pick\"}", null, null, null);
        h.pass();
        assertThat(h.channel.cards).extracting(d -> d.messageOutId() + " " + d.kind()).containsExactly(card + " card");
        assertThat(h.channel.sent).isEmpty();
    }

    @Test
    void aQuestionIsFiledInCentralBeforeItsCardIsSent() throws Exception {
        try (CentralDb central = CentralDb.open(h.data.resolve("central.db"), h.clock)) {
            central.call(c -> Sql.tx(c, tx -> {
                Sql.update(tx, "INSERT INTO agent_groups(id, name, folder, created_at) VALUES ('g1', 'g', 'g', "
                        + "'2026-11-22T10:00:00.000Z')");
                return Sql.update(tx, "INSERT INTO sessions(id, agent_group_id, created_at) VALUES ('s-1', 'g1', "
                        + "'2026-11-22T10:00:00.000Z')");
            }));
            List<List<Map<String, Object>>> filedAtSend = new CopyOnWriteArrayList<>();
            h.channel.beforeCard = d -> {
                try {
                    filedAtSend.add(new DataInspector(h.data).central("SELECT question_id FROM pending_questions"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            h.delivery = h.service(new CentralPendingQuestions(central));
            h.files.chatIn("http", "demo", "hi");
            String q = h.rows.out("question", "{\"question_id\":\"q-1\",\"title\":\"Deploy?\",\"question\":\"Now?\","
                    + "\"options\":[\"yes\",\"no\"]}", null, null, null);
            h.pass();
            assertThat(filedAtSend).containsExactly(List.of(Map.of("question_id", "q-1")));
            assertThat(h.channel.cards).extracting(d -> d.kind()).containsExactly("question");
            assertThat(new DataInspector(h.data).central("SELECT session_id, message_out_id, channel_type, platform_id, "
                    + "title, options_json, created_at, expires_at FROM pending_questions")).containsExactly(Map.of(
                    "session_id", "s-1", "message_out_id", q, "channel_type", "http", "platform_id", "demo",
                    "title", "Deploy?", "options_json", "[\"yes\",\"no\"]", "created_at", "2026-11-22T10:00:00.000Z",
                    "expires_at", "2026-11-23T10:00:00.000Z"));
            assertThat(h.delivered(q)).containsEntry("status", "delivered");
        }
    }

    @Test
    void anUnknownSystemActionFailsVisibly() throws Exception {
        h.files.chatIn("http", "demo", "hi");
        String sys = h.rows.out("system", "{\"action\":\"reboot_the_moon\"}", null, null, null);
        h.pass();
        assertThat(h.delivered(sys)).containsEntry("status", "failed");
        assertThat((String) h.delivered(sys).get("error")).contains("unknown system action 'reboot_the_moon'");
        var note = Json.parse((String) h.notes().get(0).get("content"));
        assertThat(note.path("message_out_id").asText()).isEqualTo(sys);
    }

    @Test
    void aPermanentChannelErrorFailsAtOnceWithoutRetrying() throws Exception {
        h.files.chatIn("http", "demo", "hi");
        String out = h.rows.chat("x");
        h.channel.failWith.set(FakeChannel.permanent("chat was deleted"));
        h.pass();
        assertThat(h.delivered(out)).containsEntry("status", "failed").containsEntry("error", "chat was deleted");
        assertThat(h.inbound("SELECT count(*) AS n FROM delivery_attempts")).containsExactly(Map.of("n", 0));
    }
}
