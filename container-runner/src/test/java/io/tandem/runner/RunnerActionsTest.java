package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.testagent.TemplateAgent;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every message action of DESIGN §7.3 (edit, react, ask, card, send with its routing) through a
 * real runner and a real {@code exec} agent ({@link TemplateAgent}, answering each batch with the
 * lines the test wrote for it), checked in outbound.db and in the agent's {@code result} lines.
 */
class RunnerActionsTest extends ScriptedSessionTest {

    @Test
    void edit_and_react_on_an_inbound_and_an_outbound_seq_and_ask_and_card_write_their_rows() throws Exception {
        script(1, "{\"type\":\"send\",\"ref\":\"s\",\"text\":\"hello\"}",
                "{\"type\":\"edit\",\"ref\":\"ei\",\"seq\":{seq},\"text\":\"edited inbound\"}",
                "{\"type\":\"react\",\"ref\":\"ri\",\"seq\":{seq},\"emoji\":\"👀\"}",
                "{\"type\":\"ask\",\"ref\":\"q\",\"title\":\"Lunch\",\"question\":\"Pizza?\","
                        + "\"options\":[\"yes\",{\"label\":\"No thanks\",\"value\":\"no\"}]}",
                "{\"type\":\"card\",\"ref\":\"c\",\"card\":{\"title\":\"Report\",\"rows\":[1,2]},"
                        + "\"fallback_text\":\"Report: 1, 2\"}",
                done());
        String first = session.insertChat("first", true);
        long firstSeq = session.seqOf(first);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, first, AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).hasSize(5);
            OutboundMessage hello = rows.get(0);
            assertThat(content(hello).path("text").asText()).isEqualTo("hello");
            assertThat(result("s").path("seq").asLong()).isEqualTo(hello.seq());

            OutboundMessage editIn = rows.get(1);
            assertThat(editIn.kind()).isEqualTo(OutboundKind.CHAT);
            assertThat(content(editIn)).isEqualTo(Json.parse("{\"operation\":\"edit\",\"seq\":" + firstSeq
                    + ",\"text\":\"edited inbound\"}"));
            assertThat(editIn.platformId()).isEqualTo(SessionFixture.CHAT);
            assertThat(content(rows.get(2))).isEqualTo(Json.parse("{\"operation\":\"reaction\",\"seq\":" + firstSeq
                    + ",\"emoji\":\"👀\"}"));

            OutboundMessage question = rows.get(3);
            assertThat(question.kind()).isEqualTo(OutboundKind.QUESTION);
            JsonNode q = content(question);
            String questionId = q.path("question_id").asText();
            assertThat(questionId).matches("q-[0-9a-f]{16}");
            assertThat(result("q").path("question_id").asText()).isEqualTo(questionId);
            assertThat(result("q").path("seq").asLong()).isEqualTo(question.seq());
            assertThat(q.path("title").asText()).isEqualTo("Lunch");
            assertThat(q.path("question").asText()).isEqualTo("Pizza?");
            assertThat(q.path("options")).isEqualTo(Json.parse(
                    "[{\"label\":\"yes\",\"value\":\"yes\"},{\"label\":\"No thanks\",\"value\":\"no\"}]"));
            assertThat(question.channelType()).isEqualTo(SessionFixture.CHANNEL);

            OutboundMessage card = rows.get(4);
            assertThat(card.kind()).isEqualTo(OutboundKind.CARD);
            assertThat(content(card)).isEqualTo(Json.parse(
                    "{\"card\":{\"title\":\"Report\",\"rows\":[1,2]},\"fallback_text\":\"Report: 1, 2\"}"));
            assertThat(rows).allSatisfy(r -> assertThat(r.inReplyTo()).isEqualTo(first));

            // the second batch edits and reacts to the agent's own earlier message (odd seq)
            script(2, "{\"type\":\"edit\",\"ref\":\"eo\",\"seq\":" + hello.seq() + ",\"text\":\"hello again\"}",
                    "{\"type\":\"react\",\"ref\":\"ro\",\"seq\":" + hello.seq() + ",\"emoji\":\"👍\"}", done());
            String second = session.insertChat("second", true);
            awaitAck(runner, second, AckStatus.COMPLETED);
            List<OutboundMessage> more = session.replies().subList(5, 7);
            assertThat(content(more.get(0))).isEqualTo(Json.parse("{\"operation\":\"edit\",\"seq\":" + hello.seq()
                    + ",\"text\":\"hello again\"}"));
            assertThat(content(more.get(1))).isEqualTo(Json.parse("{\"operation\":\"reaction\",\"seq\":"
                    + hello.seq() + ",\"emoji\":\"👍\"}"));
            assertThat(result("eo").path("ok").asBoolean()).isTrue();
            assertThat(result("ro").path("seq").asLong()).isEqualTo(more.get(1).seq());

            // the host writes the click's answer as a system row; it reaches the agent in a batch
            String answer = session.insertRow("system", SessionFixture.CHANNEL, SessionFixture.CHAT, null,
                    "{\"type\":\"question_response\",\"question_id\":\"" + questionId
                            + "\",\"value\":\"no\",\"user_id\":\"http:ann\"}", true);
            awaitAck(runner, answer, AckStatus.COMPLETED);
            JsonNode delivered = received().stream().filter(n -> "batch".equals(Json.text(n, "type")))
                    .flatMap(b -> java.util.stream.StreamSupport.stream(b.path("messages").spliterator(), false))
                    .filter(m -> answer.equals(Json.text(m, "id"))).findFirst().orElseThrow();
            assertThat(Json.text(delivered, "kind")).isEqualTo("system");
            assertThat(delivered.path("content").path("type").asText()).isEqualTo("question_response");
            assertThat(delivered.path("content").path("question_id").asText()).isEqualTo(questionId);
            assertThat(delivered.path("content").path("value").asText()).isEqualTo("no");
        }
    }

    @Test
    void a_request_is_written_as_a_request_approval_system_row_and_answered_with_its_request_id() throws Exception {
        script(1, "{\"type\":\"request\",\"ref\":\"rq\",\"action\":\"add_destination\","
                + "\"payload\":{\"name\":\"ops\",\"channel\":\"http:ops\"},\"reason\":\"to report\"}", done());
        String first = session.insertChat("first", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, first, AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).kind()).isEqualTo(OutboundKind.SYSTEM);
            JsonNode c = content(rows.get(0));
            String requestId = c.path("request_id").asText();
            assertThat(requestId).matches("r-[0-9a-f]{16}");
            assertThat(result("rq").path("ok").asBoolean()).isTrue();
            assertThat(result("rq").path("request_id").asText()).isEqualTo(requestId);
            assertThat(c).isEqualTo(Json.parse("{\"action\":\"request_approval\",\"request_id\":\"" + requestId
                    + "\",\"request\":{\"action\":\"add_destination\",\"payload\":{\"name\":\"ops\","
                    + "\"channel\":\"http:ops\"},\"reason\":\"to report\"}}"));
        }
    }

    @Test
    void edits_and_reactions_of_seqs_that_are_not_messages_of_this_session_are_refused_and_write_nothing()
            throws Exception {
        script(1, "{\"type\":\"send\",\"ref\":\"s\",\"text\":\"mine\"}",
                "{\"type\":\"edit\",\"ref\":\"op\",\"seq\":{seq},\"text\":\"edited\"}", done());
        String first = session.insertChat("first", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, first, AckStatus.COMPLETED);
            long editRow = session.replies().get(1).seq();
            script(2, "{\"type\":\"edit\",\"ref\":\"no-in\",\"seq\":1000,\"text\":\"x\"}",
                    "{\"type\":\"react\",\"ref\":\"no-out\",\"seq\":1001,\"emoji\":\"x\"}",
                    "{\"type\":\"react\",\"ref\":\"on-op\",\"seq\":" + editRow + ",\"emoji\":\"x\"}",
                    "{\"type\":\"edit\",\"ref\":\"zero\",\"seq\":0,\"text\":\"x\"}",
                    "{\"type\":\"ask\",\"ref\":\"bad-ask\",\"title\":\"t\",\"question\":\"q\",\"options\":[]}",
                    "{\"type\":\"card\",\"ref\":\"bad-card\",\"card\":[1],\"fallback_text\":\"f\"}",
                    "{\"type\":\"request\",\"ref\":\"sch\",\"action\":\"add_destination\"}",
                    "{\"type\":\"dance\",\"ref\":\"dance\"}",
                    "not json at all",
                    done());
            String second = session.insertChat("second", true);
            awaitAck(runner, second, AckStatus.COMPLETED);
            assertThat(session.replies()).as("refused lines write nothing").hasSize(2);
            assertThat(refusal("no-in")).contains("no inbound message (even seq) 1000");
            assertThat(refusal("no-out")).contains("no outbound message (odd seq) 1001");
            assertThat(refusal("on-op")).contains("itself an edit or reaction");
            assertThat(refusal("zero")).contains("positive integer");
            assertThat(refusal("bad-ask")).contains("options");
            assertThat(refusal("bad-card")).contains("JSON object");
            assertThat(refusal("sch")).contains("\"payload\"");
            assertThat(refusal("dance")).contains("unknown type 'dance'");
            assertThat(results().stream().filter(r -> r.path("ref").isNull()).findFirst()).get()
                    .satisfies(r -> assertThat(r.path("error").asText()).startsWith("malformed line"));
            assertThat(runner.isAlive()).isTrue();
        }
    }

    @Test
    void an_exec_agent_that_crashes_mid_batch_is_restarted_and_given_the_batch_again() throws Exception {
        Path marker = tmp.resolve("crashed-once");
        script(1, "{\"type\":\"send\",\"ref\":\"before\",\"text\":\"before the crash\"}",
                "{\"crash_once\":\"" + marker + "\"}",
                "{\"type\":\"send\",\"ref\":\"after\",\"text\":\"after the restart\"}",
                done());
        String id = session.insertChat("crash please", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, id, AckStatus.COMPLETED);
            assertThat(java.nio.file.Files.exists(marker)).isTrue();
            assertThat(session.replies()).extracting(r -> Json.text(content(r), "text"))
                    .containsExactly("before the crash", "before the crash", "after the restart");
            assertThat(received().stream().filter(n -> "hello".equals(Json.text(n, "type")))).hasSize(2);
            assertThat(received().stream().filter(n -> "batch".equals(Json.text(n, "type"))))
                    .extracting(n -> Json.text(n, "batch_id")).hasSize(2).containsOnly(Json.text(received().stream()
                            .filter(n -> "batch".equals(Json.text(n, "type"))).findFirst().orElseThrow(), "batch_id"));
            assertThat(runner.log()).contains("agent.exited").contains("agent_exit=\"3\"")
                    .contains("agent.restarted").contains("batch.resent");
            assertThat(runner.isAlive()).isTrue();
        }
    }
}
