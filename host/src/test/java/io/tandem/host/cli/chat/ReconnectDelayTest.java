package io.tandem.host.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** failures in a row → wait before the next attempt. */
class ReconnectDelayTest {

    @ParameterizedTest(name = "{0} failures → {1} ms")
    @CsvSource({"0, 0", "1, 250", "2, 500", "3, 1000", "4, 2000", "5, 4000", "6, 5000", "7, 5000", "1000, 5000"})
    void doublesUpToTheCap(int failures, long millis) {
        assertThat(ReconnectDelay.DEFAULT.after(failures)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "retry: {0} → base {1} ms")
    @CsvSource({"1000, 1000", "0, 1", "60000, 5000"})
    void theServersRetryBecomesTheBaseWithinTheCap(long retry, long base) {
        assertThat(ReconnectDelay.DEFAULT.withBase(retry).base()).isEqualTo(Duration.ofMillis(base));
        assertThat(ReconnectDelay.DEFAULT.withBase(retry).cap()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBaseAboveTheCapIsRefused() {
        assertThatThrownBy(() -> new ReconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("base PT2S, cap PT1S");
    }
}
