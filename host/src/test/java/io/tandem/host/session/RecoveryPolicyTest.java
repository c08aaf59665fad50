package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.rows.MessageStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aFirstFailureIsRetriedFiveSecondsLaterWithOneMoreTry() {
        assertThat(RecoveryPolicy.decide(List.of(new RecoveryPolicy.Stuck("m-1", 0)), NOW, 5)).containsExactly(
                new RecoveryPolicy.Decision("m-1", 0, MessageStatus.PENDING, 1, "2026-11-22T10:00:05.000Z"));
    }

    @Test
    void backoffDoublesWithEachTry() {
        assertThat(RecoveryPolicy.decide(List.of(new RecoveryPolicy.Stuck("m-1", 3)), NOW, 5).get(0).processAfter())
                .isEqualTo("2026-11-22T10:00:40.000Z");
    }

    @Test
    void theLastAllowedTryEndsFailed() {
        assertThat(RecoveryPolicy.decide(List.of(new RecoveryPolicy.Stuck("m-1", 4)), NOW, 5)).containsExactly(
                new RecoveryPolicy.Decision("m-1", 4, MessageStatus.FAILED, 4, null));
    }

    @Test
    void aFailedAttemptGetsTheSameBudgetAndBackoffAndKeepsItsSeqAndError() {
        assertThat(RecoveryPolicy.decideFailed(List.of(new RecoveryPolicy.FailedAttempt("m-1", 8, 0, "agent: no"),
                new RecoveryPolicy.FailedAttempt("m-2", 10, 3, null),
                new RecoveryPolicy.FailedAttempt("m-3", 12, 4, "boom")), NOW, 5)).containsExactly(
                new RecoveryPolicy.Retry(new RecoveryPolicy.Decision("m-1", 0, MessageStatus.PENDING, 1,
                        "2026-11-22T10:00:05.000Z"), 8, "agent: no"),
                new RecoveryPolicy.Retry(new RecoveryPolicy.Decision("m-2", 3, MessageStatus.PENDING, 4,
                        "2026-11-22T10:00:40.000Z"), 10, null),
                new RecoveryPolicy.Retry(new RecoveryPolicy.Decision("m-3", 4, MessageStatus.FAILED, 4, null), 12,
                        "boom"));
    }
}
