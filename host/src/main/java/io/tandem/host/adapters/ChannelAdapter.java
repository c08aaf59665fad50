package io.tandem.host.adapters;

import java.util.concurrent.CompletableFuture;

/**
 * A chat channel. Inbound: the adapter turns platform events into router calls. Outbound: the
 * host hands it one delivery at a time with the {@code messages_out} id as idempotency key, so a
 * delivery repeated after a crash yields the same platform message, not a second one.
 */
public interface ChannelAdapter {
    String channelType();

    boolean supportsThreads();

    /** True once the adapter is serving (readiness). */
    boolean started();

    /** Sends one outbound message; completes with the platform message id. */
    CompletableFuture<String> send(OutboundDelivery delivery);
}
