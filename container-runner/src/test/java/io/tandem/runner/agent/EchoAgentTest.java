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
                "{\"type\":\"send\",\"ref\":\"r-2\",\"text\":\"echo: a\"}",
                "{\"type\":\"send\",\"ref\":\"r-6\",\"text\":\"echo: b\"}",
                "{\"type\":\"done\",\"batch_id\":\"b-1\",\"status\":\"completed\"}");
        assertThat(EchoAgent.answer(batch)).endsWith("\n");
    }

    @Test
    void ignores_hello_results_and_garbage() {
        assertThat(EchoAgent.answer("{\"type\":\"hello\",\"protocol\":1}")).isNull();
        assertThat(EchoAgent.answer("{\"type\":\"result\",\"ok\":true}")).isNull();
        assertThat(EchoAgent.answer("nope")).isNull();
        assertThat(Json.parse("{}")).isNotNull();
    }
}
