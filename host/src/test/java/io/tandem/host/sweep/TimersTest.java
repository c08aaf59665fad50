package io.tandem.host.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A timer never fires before its instant (a trap met in issue 9: rounding the delay down to whole
 * milliseconds fired the question-expiry timer up to 1 ms early, the pass found nothing due yet
 * and the question waited for the 60 s backstop).
 */
class TimersTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @ParameterizedTest(name = "{0} ns ahead -> {1} ms")
    @CsvSource({
            "-5000000, 0",
            "0, 0",
            "1, 1",
            "500000, 1",
            "1000000, 1",
            "1000001, 2",
            "2999700000, 3000",
            "3000000000, 3000",
    })
    void theDelayIsRoundedUp(long nanosAhead, long millis) {
        assertThat(Timers.delayMillis(NOW, NOW.plusNanos(nanosAhead))).isEqualTo(millis);
    }

    @Test
    void anArmedActionRunsAtOrAfterItsInstantByTheClock() throws Exception {
        Clock clock = Clock.systemUTC();
        try (Timers timers = new Timers(clock)) {
            for (int i = 0; i < 20; i++) {
                Instant at = clock.instant().plusNanos(2_300_000 + i * 77_777L);
                AtomicReference<Instant> ran = new AtomicReference<>();
                timers.arm("t" + i, at, () -> ran.set(clock.instant()));
                await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() != null);
                assertThat(ran.get()).as("timer %s", i).isAfterOrEqualTo(at);
            }
        }
    }
}
