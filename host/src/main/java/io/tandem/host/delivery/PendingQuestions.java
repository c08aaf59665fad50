package io.tandem.host.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * Where delivery files a question before its card goes out, so a click on the card always finds
 * the pending row. Filing is idempotent by {@code question_id}: a delivery repeated after a crash
 * files nothing twice.
 */
public interface PendingQuestions {
    CompletableFuture<Void> file(PendingQuestion question);

    /** For a host wired without a central store: every question fails visibly, naming why. */
    static PendingQuestions unavailable() {
        return q -> CompletableFuture.failedFuture(new io.tandem.host.channels.ChannelException(
                "questions are not available: this host has no pending-question store", true));
    }
}
