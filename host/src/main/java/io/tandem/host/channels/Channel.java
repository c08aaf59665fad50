package io.tandem.host.channels;

import java.util.concurrent.CompletableFuture;

/**
 * A chat channel (DESIGN 6): the one interface between the host and a chat platform. Inbound, an
 * adapter turns platform events into {@code Router} calls; outbound, delivery hands it one row at
 * a time through the methods below, with the {@code messages_out} id as idempotency key, so a
 * delivery repeated after a crash yields the same platform message, not a second one.
 *
 * <p>Adding a channel means implementing this interface and registering it in the
 * {@link ChannelRegistry}; neither the router nor delivery changes. Every outbound method completes
 * exceptionally with a {@link ChannelException} that says whether a retry can help; any other
 * exception counts as transient. Methods a platform cannot do keep their defaults, which fail
 * permanently with a message naming the channel and the operation.
 */
public interface Channel {
    /** The {@code channel_type} this adapter serves ({@code http}, {@code telegram}, ...). */
    String channelType();

    /** False: the router forces {@code thread_id = null} for this channel's messages. */
    boolean supportsThreads();

    /** True once the adapter is serving (readiness). */
    boolean started();

    /** Sends one chat message; completes with the platform message id. */
    CompletableFuture<String> send(OutboundDelivery delivery);

    /** Sends a card (buttons, a question); completes with the platform message id. */
    default CompletableFuture<String> sendCard(OutboundDelivery delivery) {
        return unsupported("sendCard");
    }

    /** Replaces the text of a message this channel sent before; completes with its platform id. */
    default CompletableFuture<String> edit(OutboundEdit edit) {
        return unsupported("edit");
    }

    /** Adds a reaction to a message; completes with the reacted-to platform message id. */
    default CompletableFuture<String> react(OutboundReaction reaction) {
        return unsupported("react");
    }

    /** Opens (or finds) a direct chat with {@code userId}; completes with its platform chat id. */
    default CompletableFuture<String> openDm(String userId) {
        return unsupported("openDm");
    }

    /**
     * Whether the sender ids this channel reports are verified by the platform (a Telegram user id
     * is; an http client's {@code sender.id} is only its claim). Approval clicks count only from a
     * verified identity or with the admin token; false is the safe default.
     */
    default boolean verifiesSenders() {
        return false;
    }

    /** Shows that the agent is working in {@code target} (best effort; never fails delivery). */
    default void typing(ChatTarget target, boolean on) {
    }

    private <T> CompletableFuture<T> unsupported(String operation) {
        return CompletableFuture.failedFuture(new ChannelException(
                "channel " + channelType() + " does not support " + operation, true));
    }
}
