package io.tandem.host.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

/** Decision table: where a reply is cut for Telegram's 4,096-character limit. */
class MessageSplitterTest {
    static Stream<Arguments> table() {
        String a4096 = "a".repeat(4096);
        return Stream.of(
                Arguments.of("empty text: no part", "", 10, List.of()),
                Arguments.of("at the limit: one part", "abcdefghij", 10, List.of("abcdefghij")),
                Arguments.of("one over, no break: hard cut", "abcdefghijk", 10, List.of("abcdefghij", "k")),
                Arguments.of("line break in the second half wins", "abcdef\nghij klm", 10, List.of("abcdef\n", "ghij klm")),
                Arguments.of("line break before the half is ignored; space used", "ab\ncdefg hijklm", 10,
                        List.of("ab\ncdefg ", "hijklm")),
                Arguments.of("line break preferred over a later space", "abcde\nfg hijkl", 10, List.of("abcde\n", "fg hijkl")),
                Arguments.of("surrogate pair is never cut", "abcdefghi\uD83D\uDE00xyz", 10,
                        List.of("abcdefghi", "\uD83D\uDE00xyz")),
                Arguments.of("real limit: 4,096 fit", a4096, 4096, List.of(a4096)),
                Arguments.of("real limit: echo of 4,096 splits in two", "echo: " + a4096, 4096,
                        List.of("echo: " + "a".repeat(4090), "a".repeat(6))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void splits(String why, String text, int limit, List<String> expected) {
        List<String> parts = MessageSplitter.split(text, limit);
        assertThat(parts).isEqualTo(expected);
        assertThat(String.join("", parts)).as("nothing lost or added").isEqualTo(text);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isBetween(1, limit));
    }

    @Test
    void aLimitBelowTwoIsRefused() {
        assertThatThrownBy(() -> MessageSplitter.split("abc", 1)).hasMessageContaining("limit");
    }
}
