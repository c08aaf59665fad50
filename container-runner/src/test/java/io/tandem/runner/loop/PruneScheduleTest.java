package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the running runner prunes acks, as a decision table. */
class PruneScheduleTest {

    @ParameterizedTest(name = "batches {0}, {1} s since, idle {2} -> {3}")
    @CsvSource({
            "0,   3600, true,  false",  // nothing new since the last prune
            "1,   29,   true,  false",  // idle but pruned recently
            "1,   30,   true,  true",   // idle, a batch since, interval passed
            "1,   3600, false, false",  // busy: wait for an idle moment
            "199, 3600, false, false",
            "200, 0,    false, true",   // steady traffic never idles: every 200 batches
            "250, 0,    true,  true",
    })
    void prunesWhenIdleAfterAnIntervalOrAfterManyBatches(int batches, long seconds, boolean idle, boolean due) {
        assertThat(PruneSchedule.due(batches, TimeUnit.SECONDS.toNanos(seconds), idle)).isEqualTo(due);
    }
}
