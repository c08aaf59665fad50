package io.tandem.host.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last WARN and ERROR events, as logged, bounded; INFO and below never kept. */
class RecentLogEventsTest {
    private static final Logger log = LoggerFactory.getLogger("io.tandem.host.status.Probe");

    @Test
    void keepsTheLastTwentyWarningsAndErrorsWithTheirFieldsAndNoStackTrace() {
        RecentLogEvents events = RecentLogEvents.install();
        try {
            log.atInfo().addKeyValue("session", "s-info").log("probe.info");
            IntStream.range(0, 25).forEach(i -> log.atWarn().addKeyValue("session", "s-" + i).addKeyValue("seq", i * 2)
                    .log("probe.warn"));
            log.atError().addKeyValue("session", "s-err").setCause(new IllegalStateException("disk full"))
                    .log("probe.failed");

            var held = events.events();
            assertThat(held).hasSize(RecentLogEvents.CAPACITY);
            assertThat(held).noneMatch(e -> e.message().equals("probe.info"));
            assertThat(held.get(0).fields()).containsEntry("session", "s-6").containsEntry("seq", "12");
            var last = held.get(held.size() - 1);
            assertThat(last.level()).isEqualTo("ERROR");
            assertThat(last.logger()).isEqualTo("Probe");
            assertThat(last.message()).isEqualTo("probe.failed");
            assertThat(last.error()).isEqualTo("java.lang.IllegalStateException: disk full");
        } finally {
            events.uninstall();
        }
        log.atWarn().log("probe.after");
        assertThat(events.events()).noneMatch(e -> e.message().equals("probe.after"));
    }
}
