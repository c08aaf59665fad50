package io.tandem.host.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chat prompt's command language as a decision table: (line, open question?) → meaning. */
class ChatInputTest {
    private static final OpenQuestion Q = new OpenQuestion("q-1", "Deploy",
            List.of(new OpenQuestion.Option("Yes", "y"), new OpenQuestion.Option("No", "n"),
                    new OpenQuestion.Option("Later", "l")));

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("hello", false, new ChatInput.Say("hello")),
                Arguments.of("  hello there  ", false, new ChatInput.Say("hello there")),
                Arguments.of("", false, new ChatInput.Blank()),
                Arguments.of("   ", true, new ChatInput.Blank()),
                Arguments.of("/quit", false, new ChatInput.Quit()),
                Arguments.of("/QUIT", true, new ChatInput.Quit()),
                Arguments.of("/quit now", false, new ChatInput.Problem("/quit takes no argument")),
                Arguments.of("/help", false, new ChatInput.Help()),
                Arguments.of("2", false, new ChatInput.Say("2")),
                Arguments.of("2", true, new ChatInput.Answer(Q, 2)),
                Arguments.of(" 3 ", true, new ChatInput.Answer(Q, 3)),
                Arguments.of("0", true, new ChatInput.Problem("the question has options 1 to 3; /say 0 sends 0 as a message")),
                Arguments.of("4", true, new ChatInput.Problem("the question has options 1 to 3; /say 4 sends 4 as a message")),
                Arguments.of("99999999999", true, new ChatInput.Problem(
                        "the question has options 1 to 3; /say 99999999999 sends 99999999999 as a message")),
                Arguments.of("2 please", true, new ChatInput.Say("2 please")),
                Arguments.of("/answer 1", true, new ChatInput.Answer(Q, 1)),
                Arguments.of("/answer 1", false, new ChatInput.Problem("no question is waiting for an answer")),
                Arguments.of("/answer", true, new ChatInput.Problem("/answer takes an option number from 1 to 3")),
                Arguments.of("/answer yes", true, new ChatInput.Problem("/answer takes an option number from 1 to 3")),
                Arguments.of("/answer 7", true, new ChatInput.Problem(
                        "the question has options 1 to 3; /say 7 sends 7 as a message")),
                Arguments.of("/say 2", true, new ChatInput.Say("2")),
                Arguments.of("/say", true, new ChatInput.Problem("/say needs the text to send")),
                Arguments.of("//etc/hosts", false, new ChatInput.Say("/etc/hosts")),
                Arguments.of("/frobnicate x", false, new ChatInput.Problem(
                        "unknown command /frobnicate (/help lists them; //TEXT sends /TEXT)")));
    }

    @ParameterizedTest(name = "[{0}] open question: {1}")
    @MethodSource("table")
    void means(String line, boolean open, ChatInput expected) {
        assertThat(ChatInput.parse(line, open ? Optional.of(Q) : Optional.empty())).isEqualTo(expected);
    }
}
