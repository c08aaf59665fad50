package io.tandem.host.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * Delivers the rows of one {@link DeliveryOperation}. Answers with an explicit {@link Outcome};
 * a future that completes exceptionally counts as a retry, unless it is a permanent
 * {@link io.tandem.host.channels.ChannelException}. Runs off the session's lane and must not touch
 * session files: the pass records every outcome afterwards in one transaction.
 */
@FunctionalInterface
interface DeliveryHandler {
    CompletableFuture<Outcome> deliver(DueRow row);
}
