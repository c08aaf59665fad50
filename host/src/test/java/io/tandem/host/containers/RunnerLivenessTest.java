package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stat pass's liveness decision on a settable clock: heartbeat age, spawn age, a dead process. */
class RunnerLivenessTest {
    private static final Instant SPAWN = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration STALE = Duration.ofSeconds(30);

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // case,                                   beat after spawn (s), alive, marked, now after spawn (s), mark, kill
            "'starting, no heartbeat yet',              -,  true,  false, 10,  false, false",
            "'no heartbeat within stale of the spawn',  -,  true,  false, 31,  false, true",
            "'first own heartbeat: mark running',       2,  true,  false, 3,   true,  false",
            "'fresh heartbeat, already marked',         40, true,  true,  60,  false, false",
            "'stale heartbeat: kill',                   40, true,  true,  71,  false, true",
            "'heartbeat of an earlier runner ignored',  -5, true,  false, 31,  false, true",
            "'stale and never marked: kill only',       2,  true,  false, 40,  false, true",
            "'dead process: left to its exit',          2,  false, true,  600, false, false",
    })
    void decide(String name, Long beatAfter, boolean alive, boolean marked, long nowAfter, boolean mark, boolean kill) {
        SettableClock clock = new SettableClock(SPAWN);
        clock.advance(Duration.ofSeconds(nowAfter));
        Instant beat = beatAfter == null ? null : SPAWN.plusSeconds(beatAfter);
        assertThat(RunnerLiveness.decide(SPAWN, beat, alive, marked, clock.instant(), STALE))
                .isEqualTo(new RunnerLiveness.Decision(mark, kill));
    }
}
