package io.tandem.schema.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolLinesTest {

    @Test
    void commandsRoundTrip() {
        for (PoolCommand c : new PoolCommand[] {PoolCommand.start("s1", Path.of("/d/s1"), Path.of("/d/logs/r.log")),
                PoolCommand.stop("s1"), PoolCommand.kill("s2")}) {
            assertThat(PoolCommand.parse(c.toLine())).isEqualTo(c);
        }
    }

    @Test
    void eventsRoundTrip() {
        for (PoolEvent e : new PoolEvent[] {PoolEvent.ready(42), PoolEvent.exited("s1", 6, "already running"),
                PoolEvent.refused(null, "op is missing")}) {
            assertThat(PoolEvent.parse(e.toLine())).isEqualTo(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|malformed JSON",
            "[1]|must be a JSON object",
            "{\"session\":\"s\"}|op is missing",
            "{\"op\":\"launch\",\"session\":\"s\"}|launch",
            "{\"op\":\"stop\"}|session is missing",
            "{\"op\":\"start\",\"session\":\"s\"}|start needs workspace and log",
            "{\"op\":\"start\",\"session\":\"s\",\"workspace\":\"rel\",\"log\":\"/l\"}|workspace must be an absolute path"})
    void badCommandsNameWhatIsWrong(String line, String message) {
        assertThatThrownBy(() -> PoolCommand.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void exitedWithoutCodeIsRefused() {
        assertThatThrownBy(() -> PoolEvent.parse("{\"event\":\"exited\",\"session\":\"s\"}"))
                .hasMessageContaining("exited needs session and code");
    }
}
