package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.SettableClock;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.DeliveryStatus;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure parts of a pass as decision tables over (rows, now), with a settable clock. */
class DeliveryPlannerTest {
    static final String T0 = "2026-11-22T10:00:00.000Z";
    static final String BEFORE = "2026-11-22T09:59:59.999Z";
    static final String LATER = "2026-11-22T10:00:05.000Z";
    static final String LATEST = "2026-11-22T10:01:00.000Z";
    final SettableClock clock = new SettableClock(Instant.parse(T0));
    final DeliveryPlanner planner = new DeliveryPlanner();

    static SnapshotRow row(long seq, boolean settled, String deliverAfter, String nextAttemptAt) {
        var m = new OutboundMessage("o-" + seq, seq, null, T0, deliverAfter, OutboundKind.CHAT, null, null, null, "{}");
        return new SnapshotRow(new OutboundRow.Valid(m, DeliveryOperation.CHAT, Json.object(), null), settled,
                nextAttemptAt == null ? 0 : 1, nextAttemptAt);
    }

    static Stream<Arguments> oneRow() {
        return Stream.of(
                // settled, deliver_after, next_attempt_at -> due?, settled?, next wake
                Arguments.of(true, null, null, false, true, null),
                Arguments.of(true, LATER, null, false, true, null),
                Arguments.of(false, null, null, true, false, null),
                Arguments.of(false, BEFORE, null, true, false, null),
                Arguments.of(false, T0, null, true, false, null),
                Arguments.of(false, LATER, null, false, false, LATER),
                Arguments.of(false, null, LATER, false, false, LATER),
                Arguments.of(false, null, BEFORE, true, false, null),
                Arguments.of(false, LATER, LATEST, false, false, LATEST),
                Arguments.of(false, LATEST, LATER, false, false, LATEST),
                Arguments.of(false, BEFORE, LATER, false, false, LATER));
    }

    @ParameterizedTest(name = "settled={0} deliver_after={1} next_attempt={2} -> due={3} settled={4} wake={5}")
    @MethodSource("oneRow")
    void oneRowDecision(boolean settled, String deliverAfter, String nextAttempt, boolean due, boolean isSettled,
                        String wake) {
        DeliveryPlan p = planner.plan(List.of(row(3, settled, deliverAfter, nextAttempt)), clock.instant());
        assertThat(p.due()).hasSize(due ? 1 : 0);
        assertThat(p.settled()).hasSize(isSettled ? 1 : 0);
        assertThat(p.nextWake()).isEqualTo(Optional.ofNullable(wake).map(Instant::parse));
    }

    @Test
    void anInvalidRowIsDueAtOnceAndTheEarliestWaitWakesThePass() {
        var rows = List.of(row(3, false, LATEST, null), new SnapshotRow(new OutboundRow.Invalid("o-5", 5, "bad"), false,
                0, null), row(7, false, null, LATER), row(9, true, null, null));
        DeliveryPlan p = planner.plan(rows, clock.instant());
        assertThat(p.due()).extracting(r -> r.row().seq()).containsExactly(5L);
        assertThat(p.settled()).extracting(r -> r.row().seq()).containsExactly(9L);
        assertThat(p.nextWake()).contains(Instant.parse(LATER));
        clock.advance(Duration.ofSeconds(5));
        assertThat(planner.plan(rows, clock.instant()).due()).extracting(r -> r.row().seq()).containsExactly(5L, 7L);
    }

    @Test
    void retryPolicyDecisionTable() {
        RetryPolicy policy = new RetryPolicy(3);
        Instant now = clock.instant();
        assertThat(policy.decide(0, new Outcome.Delivered("p-1"), now))
                .isEqualTo(new RetryPolicy.Settle(DeliveryStatus.DELIVERED, "p-1", null));
        assertThat(policy.decide(0, new Outcome.Failed("gone"), now))
                .isEqualTo(new RetryPolicy.Settle(DeliveryStatus.FAILED, null, "gone"));
        assertThat(policy.decide(0, new Outcome.Retry("down"), now))
                .isEqualTo(new RetryPolicy.Reschedule(1, "down", now.plusSeconds(2)));
        assertThat(policy.decide(1, new Outcome.Retry("down"), now))
                .isEqualTo(new RetryPolicy.Reschedule(2, "down", now.plusSeconds(4)));
        assertThat(policy.decide(2, new Outcome.Retry("down"), now))
                .isEqualTo(new RetryPolicy.Settle(DeliveryStatus.FAILED, null, "down"));
        assertThat(new RetryPolicy(100).decide(40, new Outcome.Retry("down"), now))
                .isEqualTo(new RetryPolicy.Reschedule(41, "down", now.plusSeconds(1024)));
    }

    @Test
    void watermarkDecisionTable() {
        assertThat(Watermark.advance(0, List.of(), Set.of())).isZero();
        assertThat(Watermark.advance(0, List.of(3L, 5L, 7L), Set.of(3L, 5L, 7L))).isEqualTo(7);
        assertThat(Watermark.advance(0, List.of(3L, 5L, 7L), Set.of(3L, 7L))).isEqualTo(3);
        assertThat(Watermark.advance(0, List.of(3L, 5L, 7L), Set.of(5L, 7L))).isZero();
        assertThat(Watermark.advance(9, List.of(11L, 13L), Set.of(11L))).isEqualTo(11);
        assertThat(Watermark.advance(9, List.of(-1L, 11L), Set.of(11L))).as("a non-integer seq is ignored")
                .isEqualTo(11);
    }

    @Test
    void operationsByKindAndContent() {
        assertThat(DeliveryOperation.of(OutboundKind.CHAT, Json.parse("{\"text\":\"x\"}")))
                .isEqualTo(DeliveryOperation.CHAT);
        assertThat(DeliveryOperation.of(OutboundKind.CHAT, Json.parse("{\"operation\":\"edit\"}")))
                .isEqualTo(DeliveryOperation.EDIT);
        assertThat(DeliveryOperation.of(OutboundKind.CHAT, Json.parse("{\"operation\":\"reaction\"}")))
                .isEqualTo(DeliveryOperation.REACTION);
        assertThat(DeliveryOperation.of(OutboundKind.CARD, Json.parse("{}"))).isEqualTo(DeliveryOperation.CARD);
        assertThat(DeliveryOperation.of(OutboundKind.QUESTION, Json.parse("{}"))).isEqualTo(DeliveryOperation.QUESTION);
        assertThat(DeliveryOperation.of(OutboundKind.SYSTEM, Json.parse("{}"))).isEqualTo(DeliveryOperation.SYSTEM);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliveryOperation.of(OutboundKind.CARD,
                Json.parse("{\"operation\":\"edit\"}"))).hasMessageContaining("only allowed on chat rows");
    }
}
