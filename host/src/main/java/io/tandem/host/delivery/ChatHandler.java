package io.tandem.host.delivery;

import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * Chat messages ({@code Channel.send}) and cards ({@code Channel.sendCard}) to the row's
 * re-checked target. A refused target fails at once; a channel with no adapter running is a
 * retry (it may start), which ends failed after {@code delivery.max_attempts}.
 */
final class ChatHandler implements DeliveryHandler {
    private final ChannelRegistry channels;
    private final boolean card;

    ChatHandler(ChannelRegistry channels, boolean card) {
        this.channels = channels;
        this.card = card;
    }

    @Override
    public CompletableFuture<Outcome> deliver(DueRow row) {
        if (!row.target().allowed()) {
            return CompletableFuture.completedFuture(new Outcome.Failed(row.target().refusal()));
        }
        Channel channel = channels.get(row.target().channelType()).orElse(null);
        if (channel == null) {
            return CompletableFuture.completedFuture(noAdapter(row.target().channelType()));
        }
        return (card ? channel.sendCard(row.delivery()) : channel.send(row.delivery())).thenApply(Outcome.Delivered::new);
    }

    static Outcome noAdapter(String channelType) {
        return new Outcome.Retry("no adapter for channel " + channelType);
    }
}
