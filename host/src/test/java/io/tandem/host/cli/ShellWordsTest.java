package io.tandem.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --command} is split as a POSIX shell splits words, without any expansion. */
class ShellWordsTest {
    @Test
    void splitsLikeAShell() {
        assertThat(ShellWords.split("python3 agent.py")).containsExactly("python3", "agent.py");
        assertThat(ShellWords.split("  a   'b c'  \"d \\\" e\" f\\ g ''")).containsExactly("a", "b c", "d \" e", "f g",
                "");
        assertThat(ShellWords.split("x'y'\"z\"")).containsExactly("xyz");
        assertThat(ShellWords.split("echo $HOME *")).containsExactly("echo", "$HOME", "*");
        assertThat(ShellWords.split("'it'\\''s'")).containsExactly("it's");
    }

    @Test
    void refusesUnterminatedQuotes() {
        assertThatThrownBy(() -> ShellWords.split("a 'b")).hasMessageContaining("unterminated ' quote");
        assertThatThrownBy(() -> ShellWords.split("a \"b")).hasMessageContaining("unterminated \" quote");
    }
}
