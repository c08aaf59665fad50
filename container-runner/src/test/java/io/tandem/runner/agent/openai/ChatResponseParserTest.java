package io.tandem.runner.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatResponseParserTest {
    @Test
    void aTextAnswerAndAToolCallAnswerAreRead() throws Exception {
        Completion text = ChatResponseParser.parse("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}");
        assertThat(text.text()).isEqualTo("hi");
        assertThat(text.toolCalls()).isEmpty();
        assertThat(text.finishReason()).isEqualTo("stop");

        Completion tools = ChatResponseParser.parse("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"edit_message\","
                + "\"arguments\":\"{\\\"seq\\\":3,\\\"text\\\":\\\"x\\\"}\"}},"
                + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"add_reaction\","
                + "\"arguments\":{\"seq\":2,\"emoji\":\"👍\"}}}]}}]}");
        assertThat(tools.text()).isNull();
        assertThat(tools.toolCalls()).extracting(c -> c.function().name()).containsExactly("edit_message", "add_reaction");
        assertThat(tools.toolCalls().get(0).function().arguments()).isEqualTo("{\"seq\":3,\"text\":\"x\"}");
        assertThat(tools.toolCalls().get(1).function().arguments()).isEqualTo("{\"seq\":2,\"emoji\":\"👍\"}");
        assertThat(tools.message().calls()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<html>oops|not JSON",
        "[1,2]|not a JSON object",
        "{}|no \"choices\"",
        "{\"choices\":[]}|no \"choices\"",
        "{\"choices\":[{}]}|choices[0] has no \"message\" object",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\"}}]}|neither content nor tool_calls",
        "{\"choices\":[{\"message\":{\"content\":5}}]}|content is not a string",
        "{\"choices\":[{\"message\":{\"tool_calls\":{}}}]}|tool_calls is not a list",
        "{\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{\"name\":\"x\"}}]}}]}|needs \"id\"",
        "{\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{}}]}}]}|has no \"name\"",
        "{\"error\":{\"message\":\"model not found\"}}|answered with an error: model not found",
    })
    void anythingElseIsAFailureNamingWhatIsWrong(String body, String expected) {
        assertThatThrownBy(() -> ChatResponseParser.parse(body)).isInstanceOf(ChatFailure.class)
                .hasMessageContaining(expected);
    }
}
