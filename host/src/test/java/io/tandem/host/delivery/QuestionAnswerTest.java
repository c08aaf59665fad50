package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 §2, questions: a {@code question} row becomes a pending row and a {@code question}
 * event; a click on the http channel ({@code POST …/actions}) becomes exactly one
 * {@code question_response} row in the asking session's {@code inbound.db} and one wake; every
 * refusal has its status and writes nothing.
 */
class QuestionAnswerTest {
    private static final String Q = "q-0123456789abcdef";
    private static final String ASK = "{\"question_id\":\"" + Q + "\",\"title\":\"Deploy\",\"question\":\"Deploy now?\","
            + "\"options\":[{\"label\":\"Yes\",\"value\":\"yes\"},{\"label\":\"No\",\"value\":\"no\"}]}";

    @TempDir
    Path tmp;
    HttpLoop h;
    SessionRef s;

    @BeforeEach
    void setUp() throws Exception {
        h = new HttpLoop(tmp);
        s = h.post("demo", "pm-1", "ann", "shall we?");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private List<Map<String, Object>> responses() throws Exception {
        return h.inbound(s, "SELECT id, kind, trigger, status, channel_type, platform_id, content FROM messages_in "
                + "WHERE kind = 'system'");
    }

    private long wakesOfSession() {
        return h.wakes.stream().filter(s.sessionId()::equals).count();
    }

    @Test
    void aQuestionBecomesAnEventAndOneClickBecomesExactlyOneResponseInTheAskingSession() throws Exception {
        String row = h.out(s, "question", ASK);
        h.pass(s);

        JsonNode ev = h.events("demo").get(0);
        assertThat(ev.path("type").asText()).isEqualTo("question");
        assertThat(ev.path("question_id").asText()).isEqualTo(Q);
        assertThat(ev.path("title").asText()).isEqualTo("Deploy");
        assertThat(ev.path("text").asText()).isEqualTo("Deploy now?");
        assertThat(ev.path("options")).extracting(o -> o.path("label").asText() + "=" + o.path("value").asText())
                .containsExactly("Yes=yes", "No=no");
        assertThat(ev.path("message_id").asText()).isEqualTo(row);
        assertThat(h.delivered(s, row)).containsEntry("status", "delivered");
        var pending = new DataInspector(h.data).central("SELECT session_id, expires_at FROM pending_questions");
        assertThat(pending).containsExactly(Map.of("session_id", s.sessionId(),
                "expires_at", Timestamps.format(h.clock.instant().plus(Duration.ofHours(24)))));

        long wakesBefore = wakesOfSession();
        ChatClient.Reply answered = h.click("demo", Q, "yes", "ann");
        assertThat(answered.status()).as("%s", answered.body()).isEqualTo(200);
        assertThat(answered.body().path("outcome").asText()).isEqualTo("answered");

        List<Map<String, Object>> rows = responses();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("trigger", 1).containsEntry("status", "pending")
                .containsEntry("channel_type", "http").containsEntry("platform_id", "demo");
        JsonNode content = Json.parse((String) rows.get(0).get("content"));
        assertThat(content).isEqualTo(Json.parse("{\"type\":\"question_response\",\"question_id\":\"" + Q
                + "\",\"value\":\"yes\",\"user_id\":\"http:ann\"}"));
        assertThat(wakesOfSession()).isEqualTo(wakesBefore + 1);
        assertThat(new DataInspector(h.data).central("SELECT question_id FROM pending_questions")).isEmpty();

        ChatClient.Reply again = h.click("demo", Q, "no", "ann");
        assertThat(again.status()).as("%s", again.body()).isEqualTo(409);
        assertThat(again.body().path("error").path("code").asText()).isEqualTo("already_answered");
        assertThat(responses()).hasSize(1);
        assertThat(wakesOfSession()).isEqualTo(wakesBefore + 1);
    }

    @Test
    void ofManyRacingClicksExactlyOneCountsAndTheRestAre409() throws Exception {
        h.out(s, "question", ASK);
        h.pass(s);
        long wakesBefore = wakesOfSession();
        List<CompletableFuture<ChatClient.Reply>> clicks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String value = i % 2 == 0 ? "yes" : "no";
            clicks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return h.click("demo", Q, value, "ann");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var c : clicks) {
            statuses.add(c.get(60, TimeUnit.SECONDS).status());
        }
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses).filteredOn(st -> st == 200).hasSize(1);
        assertThat(responses()).hasSize(1);
        assertThat(wakesOfSession()).isEqualTo(wakesBefore + 1);
    }

    @Test
    void unknownOtherChatBadValueAndExpiredAreRefusedAndWriteNothing() throws Exception {
        h.out(s, "question", ASK);
        h.pass(s);

        ChatClient.Reply unknown = h.click("demo", "q-ffffffffffffffff", "yes", "ann");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").path("message").asText()).contains("q-ffffffffffffffff");
        assertThat(h.click("other", Q, "yes", "ann").status()).as("a question of another chat is unknown here")
                .isEqualTo(404);
        ChatClient.Reply bad = h.click("demo", Q, "maybe", "ann");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("message").asText()).contains("\"maybe\"").contains("yes");

        h.clock.advance(Duration.ofHours(24));
        ChatClient.Reply expired = h.click("demo", Q, "yes", "ann");
        assertThat(expired.status()).as("%s", expired.body()).isEqualTo(410);
        assertThat(expired.body().path("error").path("code").asText()).isEqualTo("expired");
        assertThat(responses()).isEmpty();
        assertThat(new DataInspector(h.data).central("SELECT question_id FROM pending_questions"))
                .as("expiry itself is the sweep's to answer").hasSize(1);
    }

    @Test
    void inAChatThatNeedsKnownSendersOnlyAMemberOfTheGroupMayAnswer() throws Exception {
        h.central.call(c -> Sql.tx(c, tx -> {
            h.stores.users().upsertUser(tx, "http:ann", "http", "ann");
            h.stores.users().addMember(tx, "http:ann", HttpLoop.GROUP, null);
            return Sql.update(tx, "UPDATE messaging_groups SET unknown_sender_policy = 'strict' WHERE platform_id = 'demo'");
        }));
        s = h.post("demo", "pm-2", "ann", "members only");
        h.out(s, "question", ASK);
        h.pass(s);

        ChatClient.Reply stranger = h.click("demo", Q, "yes", "eve");
        assertThat(stranger.status()).as("%s", stranger.body()).isEqualTo(403);
        assertThat(stranger.body().path("error").path("message").asText()).contains("http:eve");
        assertThat(h.click("demo", Q, "yes", null).status()).as("no user at all").isEqualTo(403);
        assertThat(h.click("demo", Q, "yes", "telegram:ann").status())
                .as("an http client cannot click as a user of another channel").isEqualTo(403);
        assertThat(responses()).isEmpty();
        assertThat(h.click("demo", Q, "no", "http:ann").status()).isEqualTo(200);
        assertThat(responses()).hasSize(1);
    }
}
