package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostMessageTest {
    private static final String OK = "{\"sender\":{\"id\":\"a\"},\"text\":\"hi\"}";

    @ParameterizedTest
    @ValueSource(strings = {OK + " junk", OK + OK, OK + " {}", OK + " 1", OK + "]", OK + " null"})
    void anythingAfterTheObjectIsInvalidJson(String body) {
        assertThatThrownBy(() -> PostMessage.parse(body, 1000)).isInstanceOfSatisfying(HttpError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_json");
            assertThat(e.getMessage()).contains("after the JSON object").doesNotContain("jackson");
        });
    }

    @Test
    void whitespaceAfterTheObjectIsFine() {
        assertThat(PostMessage.parse(OK + " \n\t ", 1000).text()).isEqualTo("hi");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "id, '{\"id\":\"%s\",\"sender\":{\"id\":\"a\"},\"text\":\"hi\"}'",
            "sender.id, '{\"sender\":{\"id\":\"%s\"},\"text\":\"hi\"}'",
            "sender.name, '{\"sender\":{\"id\":\"a\",\"name\":\"%s\"},\"text\":\"hi\"}'",
            "thread_id, '{\"sender\":{\"id\":\"a\"},\"text\":\"hi\",\"thread_id\":\"%s\"}'",
            "reply_to, '{\"sender\":{\"id\":\"a\"},\"text\":\"hi\",\"reply_to\":\"%s\"}'"})
    void everyStringFieldIsBoundedAndTheErrorNamesIt(String field, String template) {
        assertThat(PostMessage.parse(template.formatted("x".repeat(256)), 1000)).isNotNull();
        assertThatThrownBy(() -> PostMessage.parse(template.formatted("x".repeat(257)), 1000))
                .isInstanceOfSatisfying(HttpError.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_field");
                    assertThat(e.getMessage()).startsWith(field + " ").contains("256");
                });
        assertThatThrownBy(() -> PostMessage.parse(template.formatted("x".repeat(1_000_000)), 10_000_000))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.getMessage()).startsWith(field + " "));
    }

    @Test
    void lengthsCountCharactersNotBytes() {
        String emoji = "\uD83D\uDE00".repeat(256);
        assertThat(PostMessage.parse("{\"sender\":{\"id\":\"a\",\"name\":\"" + emoji + "\"},\"text\":\"hi\"}", 1000)
                .senderName()).isEqualTo(emoji);
    }
}
