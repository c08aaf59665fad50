package io.tandem.host.delivery;

import io.tandem.schema.rows.DeliveryStatus;
import java.time.Instant;

/**
 * Turns a handler's {@link Outcome} into what is recorded, as a pure function of (attempts so far,
 * outcome, now): delivered and failed settle the row; a retry is rescheduled after
 * {@code 2^attempt} seconds (capped at 1024 s) until {@code maxAttempts} attempts were made, then
 * the row settles as failed with the last error.
 */
record RetryPolicy(int maxAttempts) {

    sealed interface Decision permits Settle, Reschedule {
    }

    /** Record the row in {@code delivered} with {@code status}. */
    record Settle(DeliveryStatus status, String platformMessageId, String error) implements Decision {
    }

    /** Record attempt number {@code attempts} and try again at {@code at}. */
    record Reschedule(int attempts, String error, Instant at) implements Decision {
    }

    Decision decide(int attemptsSoFar, Outcome outcome, Instant now) {
        if (outcome instanceof Outcome.Delivered d) {
            return new Settle(DeliveryStatus.DELIVERED, d.platformMessageId(), null);
        }
        if (outcome instanceof Outcome.Failed f) {
            return new Settle(DeliveryStatus.FAILED, null, f.error());
        }
        Outcome.Retry r = (Outcome.Retry) outcome;
        int attempts = attemptsSoFar + 1;
        return attempts >= maxAttempts ? new Settle(DeliveryStatus.FAILED, null, r.error())
                : new Reschedule(attempts, r.error(), now.plusSeconds(1L << Math.min(attempts, 10)));
    }
}
