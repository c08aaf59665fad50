package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.questions.QuestionExpiryPass;
import io.tandem.host.session.Quarantine;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SettableClock;
import io.tandem.host.sweep.Timers;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
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
 * Issue 9, expiry against a click: the host's message path in this JVM ({@link HttpLoop}: real
 * central.db, inbound.db, http channel on loopback and click handling) with a
 * {@link QuestionExpiryPass} whose clock is past the questions' {@code expires_at}, while clicks
 * still arrive on the loop's clock, a moment before it — so both are entitled to settle the
 * question and only the central claim decides. Whichever commits first wins: exactly one
 * {@code question_response} row per question, a click that lost is 410, an expiry that lost
 * writes and edits nothing. Also: a damaged {@code expires_at} expires, and a response that cannot
 * be written leaves the question pending for the next pass.
 */
class QuestionExpiryPassTest {
    @TempDir
    Path tmp;
    HttpLoop h;
    SessionRef s;
    Timers timers;
    QuestionExpiryPass expiry;

    @BeforeEach
    void setUp() throws Exception {
        h = new HttpLoop(tmp);
        s = h.post("demo", "pm-1", "ann", "shall we?");
        SettableClock late = new SettableClock(h.clock.instant().plus(Duration.ofHours(25)));
        timers = new Timers(late);
        expiry = new QuestionExpiryPass(h.central, h.stores, h.data, h.lanes, h.inbound, h.wakes::add, h.channels,
                timers, late);
    }

    @AfterEach
    void tearDown() throws Exception {
        timers.close();
        h.close();
    }

    private static String ask(String questionId) {
        return "{\"question_id\":\"" + questionId + "\",\"title\":\"Deploy\",\"question\":\"Deploy now?\","
                + "\"options\":[{\"label\":\"Yes\",\"value\":\"yes\"},{\"label\":\"No\",\"value\":\"no\"}]}";
    }

    private static String qid(int i) {
        return String.format("q-%016x", 0xa0 + i);
    }

    private JsonNode response(String questionId) throws Exception {
        List<Map<String, Object>> rows = h.inbound(s,
                "SELECT content FROM messages_in WHERE kind = 'system' AND id = ?", "m-" + questionId);
        assertThat(rows).as("responses to %s", questionId).hasSize(1);
        return Json.parse((String) rows.get(0).get("content"));
    }

    private List<JsonNode> edits() throws Exception {
        return h.events("demo").stream().filter(e -> e.path("type").asText().equals("edit")).toList();
    }

    private QuestionExpiryPass.Result expire() throws Exception {
        return expiry.pass().get(60, TimeUnit.SECONDS);
    }

    @Test
    void anExpiryFirstTellsTheAgentEditsTheCardAndALaterClickIs410() throws Exception {
        h.out(s, "question", ask(qid(0)));
        h.pass(s);
        long card = h.events("demo").get(0).path("cursor").asLong();

        assertThat(expire().expired()).isEqualTo(1);
        assertThat(response(qid(0))).isEqualTo(Json.parse("{\"type\":\"question_response\",\"question_id\":\""
                + qid(0) + "\",\"value\":null,\"user_id\":null,\"expired\":true}"));
        assertThat(h.wakes).contains(s.sessionId());
        assertThat(edits()).singleElement().satisfies(e -> {
            assertThat(e.path("target_platform_message_id").asText()).isEqualTo(String.valueOf(card));
            assertThat(e.path("text").asText()).isEqualTo("Deploy — expired, no answer was given");
        });
        assertThat(new DataInspector(h.data).central("SELECT question_id FROM pending_questions")).isEmpty();

        ChatClient.Reply late = h.click("demo", qid(0), "yes", "ann");
        assertThat(late.status()).as("%s", late.body()).isEqualTo(410);
        assertThat(late.body().path("error").path("code").asText()).isEqualTo("expired");
        assertThat(late.body().path("error").path("message").asText()).contains(qid(0)).contains("expired");

        assertThat(expire().expired()).as("a second pass finds nothing").isZero();
        assertThat(edits()).hasSize(1);
        assertThat(response(qid(0)).path("expired").asBoolean()).isTrue();
    }

    @Test
    void aClickFirstWinsAndTheExpiryLeavesItAlone() throws Exception {
        h.out(s, "question", ask(qid(0)));
        h.pass(s);
        assertThat(h.click("demo", qid(0), "yes", "ann").status()).isEqualTo(200);

        assertThat(expire().expired()).isZero();
        assertThat(response(qid(0))).isEqualTo(Json.parse("{\"type\":\"question_response\",\"question_id\":\""
                + qid(0) + "\",\"value\":\"yes\",\"user_id\":\"http:ann\"}"));
        assertThat(edits()).isEmpty();
        assertThat(h.click("demo", qid(0), "no", "ann").status()).as("still answered, not expired").isEqualTo(409);
    }

    @Test
    void clicksRacingTheExpiryEachQuestionIsSettledExactlyOnceByWhoeverCommittedFirst() throws Exception {
        int n = 12;
        for (int i = 0; i < n; i++) {
            h.out(s, "question", ask(qid(i)));
        }
        h.pass(s);
        assertThat(new DataInspector(h.data).central("SELECT question_id FROM pending_questions")).hasSize(n);

        List<CompletableFuture<ChatClient.Reply>> clicks = new ArrayList<>();
        CompletableFuture<QuestionExpiryPass.Result> pass = expiry.pass();
        for (int i = n - 1; i >= 0; i--) {
            String q = qid(i);
            clicks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return h.click("demo", q, "yes", "ann");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        int expired = pass.get(60, TimeUnit.SECONDS).expired();
        int lost = 0;
        for (int k = 0; k < n; k++) {
            ChatClient.Reply r = clicks.get(k).get(60, TimeUnit.SECONDS);
            String q = qid(n - 1 - k);
            JsonNode response = response(q);
            if (r.status() == 200) {
                assertThat(response.path("value").asText()).as(q).isEqualTo("yes");
                assertThat(response.has("expired")).as(q).isFalse();
            } else {
                assertThat(r.status()).as("%s: %s", q, r.body()).isEqualTo(410);
                assertThat(response.path("expired").asBoolean()).as(q).isTrue();
                lost++;
            }
        }
        assertThat(expired).as("the expiry won exactly the questions whose click lost").isEqualTo(lost);
        assertThat(edits()).hasSize(lost);
        assertThat(h.inbound(s, "SELECT id FROM messages_in WHERE kind = 'system'")).hasSize(n);
        assertThat(new DataInspector(h.data).central("SELECT question_id FROM pending_questions")).isEmpty();
    }

    @Test
    void aDamagedExpiresAtExpiresAndTheEarliestLiveOneIsWhenTheNextPassIsDue() throws Exception {
        h.out(s, "question", ask(qid(0)));
        h.out(s, "question", ask(qid(1)));
        h.pass(s);
        h.central.call(c -> Sql.update(c, "UPDATE pending_questions SET expires_at = 'tomorrow' WHERE question_id = ?",
                qid(0)));
        String live = (String) new DataInspector(h.data).central(
                "SELECT expires_at FROM pending_questions WHERE question_id = ?", qid(1)).get(0).get("expires_at");
        QuestionExpiryPass onTime = new QuestionExpiryPass(h.central, h.stores, h.data, h.lanes, h.inbound,
                h.wakes::add, h.channels, timers, h.clock);

        QuestionExpiryPass.Result r = onTime.pass().get(60, TimeUnit.SECONDS);
        assertThat(r.expired()).isEqualTo(1);
        assertThat(r.nextDue()).contains(Timestamps.parse(live));
        assertThat(response(qid(0)).path("expired").asBoolean()).isTrue();
        assertThat(new DataInspector(h.data).central("SELECT question_id FROM pending_questions"))
                .containsExactly(Map.of("question_id", qid(1)));
    }

    @Test
    void aResponseThatCannotBeWrittenLeavesTheQuestionPendingAndTheNextPassExpiresIt() throws Exception {
        h.out(s, "question", ask(qid(0)));
        h.pass(s);
        Path marker = Quarantine.marker(s.paths());
        Files.writeString(marker, "{\"session_id\":\"" + s.sessionId() + "\",\"reason\":\"test\"}");

        assertThat(expire().expired()).isZero();
        assertThat(new DataInspector(h.data).central("SELECT question_id FROM pending_questions"))
                .as("the claim is undone").containsExactly(Map.of("question_id", qid(0)));
        assertThat(edits()).isEmpty();

        Files.delete(marker);
        assertThat(expire().expired()).isEqualTo(1);
        assertThat(response(qid(0)).path("expired").asBoolean()).isTrue();
        assertThat(edits()).hasSize(1);
    }
}
