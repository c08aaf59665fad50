package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.session.RunnerPresence;
import io.tandem.host.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runner slot policy as a decision table: cap, oldest-due order, idle eviction, backoff, quarantine. */
class SlotPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final SettableClock clock = new SettableClock(T0);
    private final SlotPolicy policy = new SlotPolicy(2, Duration.ZERO);

    private static SlotPolicy.Slot running(Instant idleSince) {
        return new SlotPolicy.Slot(RunnerPresence.RUNNING, idleSince);
    }

    private static SlotPolicy.Waiting waiting(String id, String due, long order) {
        return new SlotPolicy.Waiting(id, Instant.parse(due), order);
    }

    private static SlotPolicy.View view(Map<String, SlotPolicy.Slot> slots, List<SlotPolicy.Waiting> queue) {
        return new SlotPolicy.View(slots, queue, Map.of(), Set.of());
    }

    @Test
    void aFreeSlotIsGrantedAndAFullCapQueues() {
        assertThat(policy.request(view(Map.of("a", running(null)), List.of()), "b", T0))
                .isEqualTo(new SlotPolicy.Granted());
        assertThat(policy.request(view(Map.of("a", running(null), "b", running(null)), List.of()), "c", T0))
                .isEqualTo(new SlotPolicy.Queued());
    }

    @Test
    void aSessionWithARunnerIsNotStartedTwiceAndAReservedSlotIsItsOwn() {
        assertThat(policy.request(view(Map.of("a", running(null)), List.of()), "a", T0))
                .isEqualTo(new SlotPolicy.Already(RunnerPresence.RUNNING));
        assertThat(policy.request(view(Map.of("a", new SlotPolicy.Slot(RunnerPresence.RESERVED, null)), List.of()),
                "a", T0)).isEqualTo(new SlotPolicy.Granted());
    }

    @Test
    void freeSlotsGoToTheOldestDueMessageFirstNotTheFirstAsked() {
        var v = view(Map.of("a", running(null)), List.of(waiting("late", "2026-11-22T09:59:00Z", 1),
                waiting("early", "2026-11-22T09:58:00Z", 2)));
        assertThat(policy.plan(v, T0)).isEqualTo(new SlotPolicy.Plan(List.of("early"), List.of()));
    }

    @Test
    void whileSessionsWaitTheRunnerIdleLongestIsAskedToStopAndBusyOnesAreLeftAlone() {
        Map<String, SlotPolicy.Slot> slots = new HashMap<>();
        slots.put("busy", running(null));
        slots.put("idle-long", running(T0.minusSeconds(30)));
        var v = view(slots, List.of(waiting("w", "2026-11-22T09:59:00Z", 1)));
        assertThat(policy.plan(v, T0)).isEqualTo(new SlotPolicy.Plan(List.of(), List.of("idle-long")));

        slots.put("busy", running(T0.minusSeconds(60)));
        assertThat(policy.plan(view(slots, List.of(waiting("w", "2026-11-22T09:59:00Z", 1))), T0).evict())
                .containsExactly("busy");
    }

    @Test
    void oneEvictionPerWaitingSessionCountingRunnersAlreadyStopping() {
        Map<String, SlotPolicy.Slot> slots = Map.of("x", new SlotPolicy.Slot(RunnerPresence.STOPPING, T0),
                "y", running(T0.minusSeconds(5)));
        var oneWaiting = view(slots, List.of(waiting("w", "2026-11-22T09:59:00Z", 1)));
        assertThat(policy.plan(oneWaiting, T0).evict()).isEmpty();
        var twoWaiting = view(slots, List.of(waiting("w", "2026-11-22T09:59:00Z", 1),
                waiting("v", "2026-11-22T09:59:30Z", 2)));
        assertThat(policy.plan(twoWaiting, T0).evict()).containsExactly("y");
    }

    @Test
    void nothingIsEvictedWhenNobodyWaits() {
        assertThat(policy.plan(view(Map.of("a", running(T0.minusSeconds(100))), List.of()), T0).isEmpty()).isTrue();
    }

    @Test
    void aRunnerIdleLessThanTheMinimumIsKept() {
        SlotPolicy patient = new SlotPolicy(1, Duration.ofSeconds(2));
        var v = view(Map.of("a", running(T0.minusSeconds(1))), List.of(waiting("w", "2026-11-22T09:59:00Z", 1)));
        assertThat(patient.plan(v, T0).evict()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(patient.plan(v, clock.instant()).evict()).containsExactly("a");
    }

    @Test
    void aYoungDeathBacksOffAndTheBackoffEnds() {
        var v = new SlotPolicy.View(Map.of(), List.of(), Map.of("a", T0.plusSeconds(2)), Set.of());
        assertThat(policy.request(v, "a", T0)).isEqualTo(new SlotPolicy.Backoff(T0.plusSeconds(2)));
        clock.advance(Duration.ofSeconds(2));
        assertThat(policy.request(v, "a", clock.instant())).isEqualTo(new SlotPolicy.Granted());
        assertThat(SlotPolicy.youngDeathDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SlotPolicy.youngDeathDelay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(SlotPolicy.youngDeathDelay(20)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aQuarantinedSessionIsRefusedAndNeverTakesAQueuedSlot() {
        var v = new SlotPolicy.View(Map.of(), List.of(waiting("q", "2026-11-22T09:58:00Z", 1)), Map.of(), Set.of("q"));
        assertThat(policy.request(v, "q", T0)).isInstanceOf(SlotPolicy.Refused.class);
        assertThat(policy.plan(v, T0).isEmpty()).isTrue();
    }

    @Test
    void theSchedulerNeverHandsOutMoreSlotsThanTheCap() {
        RunnerScheduler s = new RunnerScheduler(policy, clock, Set::of);
        assertThat(s.request("a", T0)).isEqualTo(new SlotPolicy.Granted());
        assertThat(s.request("b", T0)).isEqualTo(new SlotPolicy.Granted());
        assertThat(s.request("c", T0.minusSeconds(9))).isEqualTo(new SlotPolicy.Queued());
        assertThat(s.request("d", T0.minusSeconds(5))).isEqualTo(new SlotPolicy.Queued());
        s.started("a");
        s.started("b");
        s.observed("a", false);
        clock.advance(Duration.ofSeconds(1));
        s.observed("b", false);
        assertThat(s.plan().evict()).containsExactly("a", "b");
        assertThat(s.presence("a")).isEqualTo(RunnerPresence.STOPPING);
        assertThat(s.exited("a", 0, T0.minusSeconds(60))).isZero();
        assertThat(s.plan().start()).containsExactly("c");
        assertThat(s.presence("c")).isEqualTo(RunnerPresence.RESERVED);
        assertThat(s.request("c", T0)).isEqualTo(new SlotPolicy.Granted());
        assertThat(s.held()).isEqualTo(2);
    }
}
