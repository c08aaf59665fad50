package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.channels.ChatTarget;
import io.tandem.host.delivery.TypingDecision.Call;
import io.tandem.host.delivery.TypingDecision.Shown;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typing decision as a table: (shown, in flight, now) → calls and the state after them. */
class TypingDecisionTest {
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ChatTarget A = new ChatTarget("http", "a", null);
    private static final ChatTarget B = new ChatTarget("telegram", "42", "7");

    private static TypingDecision.Result at(Map<ChatTarget, Shown> state, Set<ChatTarget> inFlight, int seconds) {
        return TypingDecision.decide(state, inFlight, T0.plusSeconds(seconds), EVERY);
    }

    @Test
    void nothingShownAndNothingInFlightDoesNothing() {
        var r = at(Map.of(), Set.of(), 0);
        assertThat(r.calls()).isEmpty();
        assertThat(r.state()).isEmpty();
    }

    @Test
    void aChatEnteringTheInFlightSetIsTurnedOn() {
        var r = at(Map.of(), Set.of(A, B), 0);
        assertThat(r.calls()).containsExactlyInAnyOrder(new Call(A, true), new Call(B, true));
        assertThat(r.state()).containsEntry(A, new Shown(true, T0)).containsEntry(B, new Shown(true, T0));
    }

    @Test
    void aChatStillInFlightIsNotRepeatedBeforeItsPeriod() {
        var r = at(Map.of(A, new Shown(true, T0)), Set.of(A), 4);
        assertThat(r.calls()).isEmpty();
        assertThat(r.state()).containsEntry(A, new Shown(true, T0));
    }

    @Test
    void aChatStillInFlightIsRepeatedOnceItsPeriodPassed() {
        var r = at(Map.of(A, new Shown(true, T0)), Set.of(A), 5);
        assertThat(r.calls()).containsExactly(new Call(A, true));
        assertThat(r.state()).containsEntry(A, new Shown(true, T0.plusSeconds(5)));
    }

    @Test
    void aChatLeavingTheSetIsTurnedOffAndRememberedWhileItsPeriodRuns() {
        var r = at(Map.of(A, new Shown(true, T0), B, new Shown(true, T0)), Set.of(B), 2);
        assertThat(r.calls()).containsExactly(new Call(A, false));
        assertThat(r.state()).containsEntry(A, new Shown(false, T0)).containsEntry(B, new Shown(true, T0));
    }

    @Test
    void aChatLeavingAfterItsPeriodIsTurnedOffAndForgotten() {
        var r = at(Map.of(A, new Shown(true, T0)), Set.of(), 9);
        assertThat(r.calls()).containsExactly(new Call(A, false));
        assertThat(r.state()).isEmpty();
    }

    @Test
    void aChatReEnteringTooSoonWaitsForItsPeriodThenTurnsOn() {
        Map<ChatTarget, Shown> afterOff = Map.of(A, new Shown(false, T0));
        var early = at(afterOff, Set.of(A), 3);
        assertThat(early.calls()).isEmpty();
        assertThat(early.state()).containsEntry(A, new Shown(false, T0));
        var due = at(early.state(), Set.of(A), 5);
        assertThat(due.calls()).containsExactly(new Call(A, true));
        assertThat(due.state()).containsEntry(A, new Shown(true, T0.plusSeconds(5)));
    }

    @Test
    void aHeldBackChatThatLeavesAgainGetsNoOffItNeverSawOn() {
        var r = at(Map.of(A, new Shown(false, T0)), Set.of(), 3);
        assertThat(r.calls()).isEmpty();
        assertThat(r.state()).containsEntry(A, new Shown(false, T0));
        assertThat(at(r.state(), Set.of(), 6).state()).isEmpty();
    }

    @Test
    void callsNeverTurnAChatOnTwiceWithinAPeriod() {
        Map<ChatTarget, Shown> state = Map.of();
        Instant lastOn = null;
        List<Set<ChatTarget>> sets = List.of(Set.of(A), Set.of(), Set.of(A), Set.of(), Set.of(A), Set.of(A),
                Set.of(A), Set.of(), Set.of(A), Set.of(A), Set.of(A), Set.of(A), Set.of(A), Set.of(A));
        for (int i = 0; i < sets.size(); i++) {
            var r = at(state, sets.get(i), i);
            for (Call c : r.calls()) {
                if (c.on()) {
                    Instant now = T0.plusSeconds(i);
                    assertThat(lastOn == null || !now.isBefore(lastOn.plus(EVERY))).as("on at %s", i).isTrue();
                    lastOn = now;
                }
            }
            state = r.state();
        }
        assertThat(lastOn).isNotNull();
    }
}
