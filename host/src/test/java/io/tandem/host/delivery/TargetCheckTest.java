package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, bug 12: an explicit target's thread is checked against the threads the session saw,
 * and the check goes through an index, not a scan of messages_in; older files get the index.
 */
class TargetCheckTest {
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

    private String explicit(String chat, String thread) throws Exception {
        return h.rows.out("chat", Json.write(Json.object().put("text", "x")), "http", chat, thread);
    }

    @Test
    void anExplicitThreadTheSessionNeverSawIsRefused() throws Exception {
        h.rows.chatIn("http", "demo", "t-1", "pm-1");
        String unseen = explicit("demo", "t-someone-else");
        pass();
        assertThat(h.channel.sent).isEmpty();
        assertThat(h.delivered(unseen)).containsEntry("status", "failed");
        assertThat((String) h.delivered(unseen).get("error")).contains("thread t-someone-else");
    }

    @Test
    void aThreadTheSessionSawOrNoThreadIsDeliveredAsAsked() throws Exception {
        h.rows.chatIn("http", "demo", "t-1", "pm-1");
        String seen = explicit("demo", "t-1");
        String noThread = explicit("demo", null);
        pass();
        assertThat(h.channel.sent).extracting(d -> d.messageOutId() + "@" + d.threadId())
                .containsExactly(seen + "@t-1", noThread + "@null");
    }

    @Test
    void aDestinationChatIsAllowedOnlyWithoutAnUnseenThread() throws Exception {
        h.files.inbound().with(h.files.paths(), c -> Sql.update(c, "INSERT INTO destinations(name, type, channel_type, "
                + "platform_id) VALUES ('ops', 'channel', 'http', 'ops-room')"));
        String top = explicit("ops-room", null);
        String threaded = explicit("ops-room", "t-9");
        pass();
        assertThat(h.delivered(top)).containsEntry("status", "delivered");
        assertThat(h.delivered(threaded)).containsEntry("status", "failed");
    }

    @Test
    void aRowToTheSessionsOwnAgentGroupIsAllowedAnotherGroupWithoutADestinationIsNot() throws Exception {
        String self = h.rows.out("chat", Json.write(Json.object().put("text", "note to self")), "agent", "g1", null);
        String other = h.rows.out("chat", Json.write(Json.object().put("text", "hi")), "agent", "g2", null);
        pass();
        assertThat(h.delivered(self)).as("allowed: with no agent channel here it waits for a retry").isEmpty();
        assertThat(h.inbound("SELECT last_error FROM delivery_attempts WHERE message_out_id = ?", self))
                .containsExactly(java.util.Map.of("last_error", "no adapter for channel agent"));
        assertThat((String) h.delivered(other).get("error")).contains("target agent/g2 is neither");
    }

    @Test
    void theChecksUseAnIndexNotAScanOfMessagesIn() throws Exception {
        pass();
        for (String sql : List.of(TargetCheck.OWN_CHAT, TargetCheck.OWN_THREAD)) {
            List<String> plan = h.files.inbound().with(h.files.paths(), c -> Sql.list(c, "EXPLAIN QUERY PLAN " + sql,
                    rs -> rs.getString("detail"), "http", "demo", "t", "http", "demo", "t"));
            assertThat(plan).as(sql).noneMatch(d -> d.startsWith("SCAN messages_in"))
                    .anyMatch(d -> d.contains("messages_in USING") && d.contains("INDEX messages_in_chat"));
        }
    }

    @Test
    void aVersionOneFileGetsTheIndexAndTheProgressTable() throws Exception {
        h.files.inbound().with(h.files.paths(), c -> {
            Sql.exec(c, "DROP INDEX messages_in_chat");
            Sql.exec(c, "DROP TABLE delivery_progress");
            Sql.exec(c, "PRAGMA user_version = 1");
            return null;
        });
        // as a host start finds a file an older Tandem wrote: no connection has seen it yet
        h.files.inbound().idle(h.files.paths());
        h.files.chatIn("http", "demo", "hi");
        String out = h.rows.chat("after the upgrade");
        pass();
        assertThat(h.delivered(out)).containsEntry("status", "delivered");
        assertThat(h.inbound("SELECT name FROM sqlite_master WHERE name IN ('messages_in_chat', 'delivery_progress') "
                + "ORDER BY name")).hasSize(2);
        assertThat(h.inbound("PRAGMA user_version").get(0).values()).containsExactly(2);
    }

    /** Marks outbound row {@code id} as the answer to the inbound row of seq {@code inSeq} (what the runner writes). */
    private void answers(String id, long inSeq) throws Exception {
        String inId = (String) h.inbound("SELECT id FROM messages_in WHERE seq = ?", inSeq).get(0).get("id");
        try (var c = io.tandem.schema.db.SqliteOpener.openSession(h.files.paths().outboundDb(),
                io.tandem.schema.db.Durability.POWER)) {
            Sql.tx(c, tx -> Sql.update(tx, "UPDATE messages_out SET in_reply_to = ? WHERE id = ?", inId, id));
        }
    }

    @Test
    void aReplyCarriesThePlatformIdOfTheMessageItAnswersInTheSameChatOnly() throws Exception {
        long inDemo = h.rows.chatIn("http", "demo", null, "pm-7");
        h.files.inbound().with(h.files.paths(), c -> Sql.update(c, "INSERT INTO destinations(name, type, channel_type, "
                + "platform_id) VALUES ('ops', 'channel', 'http', 'ops-room')"));
        String reply = h.rows.chat("answer");
        String elsewhere = explicit("ops-room", null);
        String unanswering = h.rows.chat("news");
        answers(reply, inDemo);
        answers(elsewhere, inDemo);
        pass();
        assertThat(h.channel.sent).extracting(d -> d.messageOutId() + "->" + d.replyToPlatformMessageId())
                .containsExactly(reply + "->pm-7", elsewhere + "->null", unanswering + "->null");
    }

    private void pass() throws Exception {
        h.pass();
    }
}
