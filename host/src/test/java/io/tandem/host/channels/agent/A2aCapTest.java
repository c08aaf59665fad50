package io.tandem.host.channels.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.host.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The a2a loop cap as a sliding minute per (sender, target) pair, on a settable clock. */
class A2aCapTest {
    final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final A2aCap cap = new A2aCap(2, clock);

    @Test
    void theThirdMessageOfAPairWithinAMinuteIsRefused() {
        assertThat(cap.admit("a", "b", "o-1")).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(cap.admit("a", "b", "o-2")).isTrue();
        assertThat(cap.admit("a", "b", "o-3")).isFalse();
        assertThat(cap.admit("a", "b", "o-3")).as("a refusal is not counted, and stays a refusal").isFalse();
    }

    @Test
    void theWindowSlidesMessageByMessage() {
        cap.admit("a", "b", "o-1");
        clock.advance(Duration.ofSeconds(30));
        cap.admit("a", "b", "o-2");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cap.admit("a", "b", "o-3")).as("59 s after the first").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cap.admit("a", "b", "o-3")).as("60 s after the first, it left the window").isTrue();
        assertThat(cap.admit("a", "b", "o-4")).as("o-2 and o-3 are within the minute").isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(cap.admit("a", "b", "o-4")).isTrue();
    }

    @Test
    void pairsAreCountedApartInEachDirection() {
        cap.admit("a", "b", "o-1");
        cap.admit("a", "b", "o-2");
        assertThat(cap.admit("a", "b", "o-3")).isFalse();
        assertThat(cap.admit("b", "a", "o-4")).isTrue();
        assertThat(cap.admit("a", "c", "o-5")).isTrue();
    }

    @Test
    void aRepeatedDeliveryOfOneMessageCountsOnce() {
        assertThat(cap.admit("a", "b", "o-1")).isTrue();
        assertThat(cap.admit("a", "b", "o-1")).isTrue();
        assertThat(cap.admit("a", "b", "o-2")).isTrue();
        assertThat(cap.admit("a", "b", "o-1")).as("already counted: admitted again").isTrue();
        assertThat(cap.admit("a", "b", "o-3")).isFalse();
    }

    @Test
    void aCapBelowOneIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new A2aCap(0, clock)).hasMessageContaining("a2a.max_per_minute");
    }
}
