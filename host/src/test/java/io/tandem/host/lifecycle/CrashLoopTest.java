package io.tandem.host.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The crash-loop breaker as a table, and its start history file. */
class CrashLoopTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                                   | unclean starts, seconds before now | counted | hold (s)
            "a first start                            | ''                 | 0 | 0",
            "one unclean start                        | 0                  | 1 | 0",
            "two within the window                    | 300 0              | 2 | 0",
            "the third within the window holds        | 500 300 0          | 3 | 30",
            "the fourth doubles the hold              | 500 400 300 0      | 4 | 60",
            "old ones fall out of the window          | 1200 900 601 0     | 1 | 0",
            "exactly at the window's edge still counts| 600 300 0          | 3 | 30",
            "the hold is capped at five minutes       | 590 550 500 450 400 350 300 0 | 8 | 300",
    })
    void decide(String name, String secondsBefore, int counted, long holdSeconds) {
        List<Instant> starts = new ArrayList<>();
        for (String s : secondsBefore.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                starts.add(NOW.minusSeconds(Long.parseLong(s)));
            }
        }
        CrashLoop.Verdict v = CrashLoop.decide(starts, NOW);
        assertThat(v.recentUncleanStarts()).isEqualTo(counted);
        assertThat(v.hold()).isEqualTo(Duration.ofSeconds(holdSeconds));
        assertThat(v.holding()).isEqualTo(holdSeconds > 0);
    }

    @Test
    void aThresholdOfZeroTurnsTheBreakerOffAndAnotherThresholdMovesIt() {
        List<Instant> starts = List.of(NOW.minusSeconds(300), NOW.minusSeconds(200), NOW.minusSeconds(100), NOW);
        assertThat(CrashLoop.decide(starts, NOW, 0).holding()).isFalse();
        assertThat(CrashLoop.decide(starts, NOW, 5).holding()).isFalse();
        assertThat(CrashLoop.decide(starts, NOW, 4).hold()).isEqualTo(CrashLoop.FIRST_HOLD);
        assertThat(CrashLoop.decide(starts, NOW, 2).hold()).isEqualTo(CrashLoop.FIRST_HOLD.multipliedBy(4));
    }

    @Test
    void theHistoryKeepsUncleanStartsWithinTheWindowAndACleanStopClearsIt() throws Exception {
        StartHistory h = new StartHistory(tmp);
        assertThat(h.recordStart(false, NOW)).isEmpty();
        assertThat(tmp.resolve(StartHistory.FILE)).doesNotExist();
        h.recordStart(true, NOW.minusSeconds(700));
        h.recordStart(true, NOW.minusSeconds(100));
        assertThat(h.recordStart(true, NOW)).as("the one older than the window is dropped")
                .containsExactly(NOW.minusSeconds(100), NOW);
        assertThat(new StartHistory(tmp).recordStart(false, NOW)).as("read back by a new host")
                .containsExactly(NOW.minusSeconds(100), NOW);
        h.clear();
        assertThat(tmp.resolve(StartHistory.FILE)).doesNotExist();
    }

    @Test
    void anUnreadableHistoryNeverKeepsTheHostFromStarting() throws Exception {
        Files.writeString(tmp.resolve(StartHistory.FILE), "{not json");
        assertThat(new StartHistory(tmp).recordStart(true, NOW)).containsExactly(NOW);
    }
}
