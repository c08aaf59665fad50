package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.SessionPaths;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's own wiring of questions, with a real host process and a real runner: a question
 * row in the session's {@code outbound.db} becomes a question event, a click on the http channel
 * becomes one {@code question_response} row that wakes the session, and the runner takes it in a
 * batch exactly once (the row ends {@code completed}). The runner of this version cannot yet write
 * {@code ask} rows for its agent, so the question row is written the way the runner writes rows.
 */
class QuestionClickHostTest {
    private static final String Q = "q-00000000000000aa";

    @TempDir
    Path tmp;

    private static void writeQuestion(SessionPaths s) throws Exception {
        String content = "{\"question_id\":\"" + Q + "\",\"title\":\"Lunch\",\"question\":\"Pizza or soup?\","
                + "\"options\":[{\"label\":\"Pizza\",\"value\":\"pizza\"},{\"label\":\"Soup\",\"value\":\"soup\"}]}";
        SeqMinter minter = SeqMinter.outbound();
        long otherMax = minter.otherMax(s.inboundDb());
        try (Connection c = SqliteOpener.openSession(s.outboundDb(), Durability.POWER)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES "
                    + "('o-question-1', " + minter.nextSeqSql() + ", '2026-12-02T10:00:00.000Z', 'question', ?)",
                    otherMax, content));
        }
    }

    private static ChatClient.Reply click(HostProcess host, String value) throws Exception {
        var n = Json.object().put("question_id", Q).put("value", value);
        n.putObject("user").put("id", "ann");
        return new ChatClient(host.httpBase()).send(HttpRequest.newBuilder(
                        URI.create(host.httpBase() + "/v1/chats/demo/actions")).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(Json.write(n))).build());
    }

    @Test
    void aClickReachesTheAskingSessionsRunnerExactlyOnce() throws Exception {
        Path data = tmp.resolve("data");
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "hungry");
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: hungry");
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();

            writeQuestion(s);
            JsonNode question = chat.awaitEvent("demo", 1, 60);
            assertThat(question.path("type").asText()).isEqualTo("question");
            assertThat(question.path("question_id").asText()).isEqualTo(Q);
            assertThat(question.path("text").asText()).isEqualTo("Pizza or soup?");

            ChatClient.Reply answered = click(host, "soup");
            assertThat(answered.status()).as("%s", answered.body()).isEqualTo(200);
            assertThat(click(host, "pizza").status()).isEqualTo(409);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.inbound(s,
                    "SELECT status, trigger, content FROM messages_in WHERE kind = 'system'")).hasSize(1)
                    .allSatisfy(r -> assertThat(r).containsEntry("status", "completed")));
            List<Map<String, Object>> rows = db.inbound(s, "SELECT content FROM messages_in WHERE kind = 'system'");
            assertThat(Json.parse((String) rows.get(0).get("content"))).isEqualTo(Json.parse(
                    "{\"type\":\"question_response\",\"question_id\":\"" + Q + "\",\"value\":\"soup\","
                            + "\"user_id\":\"http:ann\"}"));
            assertThat(db.central("SELECT count(*) AS n FROM pending_questions")).containsExactly(Map.of("n", 0));
        }
    }
}
