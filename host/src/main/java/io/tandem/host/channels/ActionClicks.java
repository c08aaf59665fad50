package io.tandem.host.channels;

import java.util.concurrent.CompletableFuture;

/**
 * Where every channel hands its button clicks (DESIGN 5.7): question answers and approval
 * decisions alike. The implementation finds the pending question or approval, authorises the
 * clicker, records the answer exactly once and wakes whoever waits for it; a channel only
 * translates. The future never fails for a refusal (that is a {@link ClickOutcome.Refused}); it
 * fails only when storage is unavailable, which a channel reports as a transient error.
 */
public interface ActionClicks {
    /** Refuses every click as unknown; for hosts or tests with no pending work. */
    ActionClicks NONE = click -> CompletableFuture.completedFuture(new ClickOutcome.Refused(
            ClickOutcome.Refusal.NOT_FOUND, "no pending question " + click.questionId()));

    CompletableFuture<ClickOutcome> click(ActionClick click);
}
