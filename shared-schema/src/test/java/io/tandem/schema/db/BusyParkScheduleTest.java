package io.tandem.schema.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The busy handler's park schedule, as a decision table: retry number → park. */
class BusyParkScheduleTest {
    @ParameterizedTest(name = "retry {0} parks {1} µs")
    @CsvSource({
            "0, 50", "1, 50", "2, 50", "3, 50",
            "4, 100", "5, 200", "6, 400", "7, 800",
            "8, 1000", "9, 1000", "500, 1000", "2147483647, 1000"})
    void parksGrowFromFiftyMicrosecondsToOneMillisecond(int retry, long micros) {
        assertThat(BoundedBusyHandler.park(retry)).isEqualTo(micros * 1_000L);
    }

    @Test
    void aLockHeldForOneMillisecondIsPolledEightTimesNotTwenty() {
        long waited = 0;
        int polls = 0;
        while (waited < 1_000_000L) {
            waited += BoundedBusyHandler.park(polls++);
        }
        assertThat(polls).isEqualTo(8);
    }

    @Test
    void noParkIsLongerThanOneMillisecondSoTheFiveSecondBoundIsKeptToWithinIt() {
        assertThat(IntStream.range(0, 10_000).mapToLong(BoundedBusyHandler::park).max().orElseThrow())
                .isEqualTo(1_000_000L);
    }
}
