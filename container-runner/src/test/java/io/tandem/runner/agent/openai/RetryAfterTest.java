package io.tandem.runner.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wait after a 429 as a decision table of (Retry-After, retry-after-ms, attempt) → wait. */
class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @ParameterizedTest(name = "retry-after={0} retry-after-ms={1} attempt={2} -> {3} ms")
    @CsvSource(nullValues = "-", value = {
        "2,                             -,    0, 2000",
        "0.5,                           -,    0, 500",
        "'Wed, 02 Dec 2026 10:00:07 GMT', -,  0, 7000",
        "'Wed, 02 Dec 2026 09:59:00 GMT', -,  0, 0",
        "-,                             1500, 0, 1500",
        "9,                             250,  0, 250",
        "-,                             -,    0, 1000",
        "-,                             -,    2, 4000",
        "soon,                          -,    1, 2000",
        "-1,                            -,    0, 1000",
    })
    void waits(String retryAfter, String retryAfterMs, int attempt, long expectedMs) {
        assertThat(RetryAfter.wait(Optional.ofNullable(retryAfter), Optional.ofNullable(retryAfterMs), attempt, NOW))
                .isEqualTo(Duration.ofMillis(expectedMs));
    }
}
