package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/examples/every_action_agent.py}, the documented Python example, run by a real
 * runner as an {@code exec} agent: every action type it uses lands in outbound.db as the row
 * contract says, and the answer to its question reaches it in a later batch.
 */
class ExampleAgentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void the_python_example_agent_uses_every_action_and_gets_the_answer_to_its_question() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).getParent()
                .resolve("docs/examples/every_action_agent.py");
        assertThat(script).exists();
        SessionFixture session = SessionFixture.create(tmp);
        session.writeSpec(SessionFixture.spec(new io.tandem.schema.session.ContainerSpec.Agent("exec",
                List.of("python3", script.toString()), Map.of(), "."), 600_000));
        String id = session.insertChat("file ask card", true);
        long seq = session.seqOf(id);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(session, runner, id, AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).hasSize(6);
            OutboundMessage reply = rows.get(0);
            assertThat(content(reply).path("text").asText()).isEqualTo("You said: file ask card");
            assertThat(reply.inReplyTo()).isEqualTo(id);
            assertThat(content(rows.get(1))).isEqualTo(Json.parse(
                    "{\"operation\":\"reaction\",\"seq\":" + seq + ",\"emoji\":\"👀\"}"));
            assertThat(content(rows.get(2))).isEqualTo(Json.parse(
                    "{\"operation\":\"edit\",\"seq\":" + reply.seq() + ",\"text\":\"You said: file ask card (edited)\"}"));
            OutboundMessage file = rows.get(3);
            assertThat(content(file)).isEqualTo(Json.parse("{\"text\":\"Here is a summary.\",\"files\":"
                    + "[{\"name\":\"summary.txt\",\"type\":\"text/plain\",\"size\":26}]}"));
            assertThat(Files.readString(session.paths.outbox().resolve(file.id()).resolve("summary.txt")))
                    .isEqualTo("Summary of: file ask card\n");
            OutboundMessage question = rows.get(4);
            assertThat(question.kind()).isEqualTo(OutboundKind.QUESTION);
            String questionId = content(question).path("question_id").asText();
            assertThat(rows.get(5).kind()).isEqualTo(OutboundKind.CARD);
            assertThat(content(rows.get(5)).path("fallback_text").asText()).isEqualTo("Status: file ask card");
            assertThat(state(session)).containsEntry("pending_question", questionId)
                    .containsEntry("last_text", "file ask card");

            String answer = session.insertRow("system", SessionFixture.CHANNEL, SessionFixture.CHAT, null,
                    "{\"type\":\"question_response\",\"question_id\":\"" + questionId
                            + "\",\"value\":\"no\",\"user_id\":\"http:ann\"}", true);
            awaitAck(session, runner, answer, AckStatus.COMPLETED);
            OutboundMessage picked = session.replies().get(6);
            assertThat(content(picked).path("text").asText()).isEqualTo("You picked: no");
            assertThat(picked.inReplyTo()).isEqualTo(answer);
            assertThat(state(session)).doesNotContainKey("pending_question");

            String forget = session.insertChat("forget", true);
            awaitAck(session, runner, forget, AckStatus.COMPLETED);
            assertThat(state(session)).doesNotContainKey("last_text");
            assertThat(runner.log()).doesNotContain("refused");
        }
    }

    private static void awaitAck(SessionFixture session, RunnerProcess runner, String id, AckStatus status) {
        try {
            await("ack of " + id).atMost(DEADLINE).until(() -> session.ack(id).map(a -> a.status() == status)
                    .orElse(false));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nrunner log:\n" + runner.log(), e);
        }
    }

    private static JsonNode content(OutboundMessage m) {
        return Json.parse(m.content());
    }

    private static Map<String, String> state(SessionFixture session) throws Exception {
        Map<String, String> out = new java.util.HashMap<>();
        ReadOnlyReads.read(session.paths.outboundDb(), c -> Sql.list(c, "SELECT key, value FROM session_state",
                rs -> out.put(rs.getString(1), rs.getString(2))));
        return out;
    }
}
