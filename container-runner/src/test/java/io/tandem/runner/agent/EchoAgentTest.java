package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoAgentTest {

    @Test
    void answers_every_chat_message_of_a_batch_then_done_in_one_block() {
        String batch = "{\"type\":\"batch\",\"batch_id\":\"b-1\",\"messages\":["
                + "{\"seq\":2,\"kind\":\"chat\",\"text\":\"a\"},"
                + "{\"seq\":4,\"kind\":\"system\",\"text\":\"note\"},"
                + "{\"seq\":6,\"kind\":\"chat\",\"text\":\"b\"}]}";
        List<String> lines = EchoAgent.answer(batch).lines().toList();
        assertThat(lines).containsExactly(
                "{\"type\":\"send\",\"ref\":\"r-2\",\"text\":\"echo: a\",\"reply_to\":2}",
                "{\"type\":\"send\",\"ref\":\"r-6\",\"text\":\"echo: b\",\"reply_to\":6}",
                "{\"type\":\"done\",\"batch_id\":\"b-1\",\"status\":\"completed\"}");
        assertThat(EchoAgent.answer(batch)).endsWith("\n");
    }

    @Test
    void a_retried_message_whose_echo_was_already_sent_is_not_echoed_again_but_the_batch_is_done() {
        String batch = "{\"type\":\"batch\",\"batch_id\":\"b-2\",\"messages\":["
                + "{\"seq\":2,\"kind\":\"chat\",\"text\":\"a\",\"retry\":{\"attempt\":1,"
                + "\"already_sent\":[{\"seq\":3,\"text\":\"echo: a\"}]}},"
                + "{\"seq\":4,\"kind\":\"chat\",\"text\":\"long text\",\"retry\":{\"attempt\":1,"
                + "\"already_sent\":[{\"seq\":5,\"text\":\"echo: lo\",\"truncated\":true}]}},"
                + "{\"seq\":6,\"kind\":\"chat\",\"text\":\"b\",\"retry\":{\"attempt\":1,"
                + "\"already_sent\":[{\"seq\":7,\"text\":\"echo: something else\"}]}},"
                + "{\"seq\":8,\"kind\":\"chat\",\"text\":\"c\",\"retry\":{\"attempt\":2,\"already_sent\":[]}}]}";
        assertThat(EchoAgent.answer(batch).lines().toList()).containsExactly(
                "{\"type\":\"send\",\"ref\":\"r-6\",\"text\":\"echo: b\",\"reply_to\":6}",
                "{\"type\":\"send\",\"ref\":\"r-8\",\"text\":\"echo: c\",\"reply_to\":8}",
                "{\"type\":\"done\",\"batch_id\":\"b-2\",\"status\":\"completed\"}");
    }

    @Test
    void an_echo_filed_under_another_message_of_the_batch_still_counts_once() {
        String batch = "{\"type\":\"batch\",\"batch_id\":\"b-3\",\"messages\":["
                + "{\"seq\":2,\"kind\":\"chat\",\"text\":\"a\",\"retry\":{\"attempt\":0,\"already_sent\":[]}},"
                + "{\"seq\":4,\"kind\":\"chat\",\"text\":\"a\",\"retry\":{\"attempt\":0,"
                + "\"already_sent\":[{\"seq\":5,\"text\":\"echo: a\"}]}}]}";
        assertThat(EchoAgent.answer(batch).lines().toList()).containsExactly(
                "{\"type\":\"send\",\"ref\":\"r-4\",\"text\":\"echo: a\",\"reply_to\":4}",
                "{\"type\":\"done\",\"batch_id\":\"b-3\",\"status\":\"completed\"}");
    }

    @Test
    void a_due_task_is_answered_with_its_prompt() {
        String batch = "{\"type\":\"batch\",\"batch_id\":\"b-4\",\"messages\":["
                + "{\"seq\":2,\"kind\":\"task\",\"text\":null,\"content\":{\"prompt\":\"water the plants\"}}]}";
        assertThat(EchoAgent.answer(batch).lines().toList()).containsExactly(
                "{\"type\":\"send\",\"ref\":\"r-2\",\"text\":\"echo: water the plants\",\"reply_to\":2}",
                "{\"type\":\"done\",\"batch_id\":\"b-4\",\"status\":\"completed\"}");
    }

    @Test
    void ignores_hello_results_and_garbage() {
        assertThat(EchoAgent.answer("{\"type\":\"hello\",\"protocol\":1}")).isNull();
        assertThat(EchoAgent.answer("{\"type\":\"result\",\"ok\":true}")).isNull();
        assertThat(EchoAgent.answer("nope")).isNull();
        assertThat(Json.parse("{}")).isNotNull();
    }
}
