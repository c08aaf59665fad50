package io.tandem.runner.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each kind of batch message reads to the model. */
class BatchPromptTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"seq\":2,\"kind\":\"chat\",\"trigger\":true,\"from\":null,\"sender\":{\"id\":\"u\",\"name\":\"Ann\"},\"text\":\"hi\"}"
                + "|Ann (seq 2): hi",
        "{\"seq\":4,\"kind\":\"chat\",\"trigger\":false,\"sender\":{\"id\":\"u\",\"name\":\"Bob\"},\"text\":\"ctx\"}"
                + "|Bob (seq 4, earlier context): ctx",
        "{\"seq\":6,\"kind\":\"chat\",\"trigger\":true,\"from\":\"researcher\",\"sender\":{\"id\":\"agent:r\"},\"text\":\"done\"}"
                + "|agent:r (seq 6, via researcher): done",
        "{\"seq\":8,\"kind\":\"chat\",\"trigger\":true,\"sender\":null,\"text\":null}|'someone (seq 8): '",
        "{\"seq\":10,\"kind\":\"system\",\"trigger\":true,\"text\":null,\"content\":{\"type\":\"question_response\","
                + "\"question_id\":\"q-1\",\"value\":\"yes\"}}"
                + "|[system message, seq 10] {\"type\":\"question_response\",\"question_id\":\"q-1\",\"value\":\"yes\"}",
    })
    void oneLinePerMessage(String message, String expected) {
        assertThat(BatchPrompt.render(Json.parse(message))).isEqualTo(expected);
    }

    @Test
    void attachmentsAndEarlierRepliesAreListed() {
        String m = "{\"seq\":2,\"kind\":\"chat\",\"trigger\":true,\"sender\":{\"name\":\"Ann\"},\"text\":\"see file\","
                + "\"attachments\":[{\"name\":\"a.txt\",\"type\":\"text/plain\",\"path\":\"inbox/m-1/a.txt\"}],"
                + "\"retry\":{\"attempt\":1,\"already_sent\":[{\"seq\":3,\"text\":\"Looking at it\"}]}}";
        assertThat(BatchPrompt.render(Json.parse(m))).isEqualTo("Ann (seq 2): see file\n"
                + "[attachments: a.txt (text/plain, inbox/m-1/a.txt)]\n"
                + "[this message is being handled again; replies already sent for it:\n- seq 3: Looking at it]");
        assertThat(BatchPrompt.userMessages(Json.parse("{\"messages\":[" + m + "," + m + "]}")))
                .hasSize(2).allMatch(c -> c.role() == Role.USER);
    }
}
