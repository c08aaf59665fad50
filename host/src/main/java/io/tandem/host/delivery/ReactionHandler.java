package io.tandem.host.delivery;

import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.OutboundReaction;
import java.util.concurrent.CompletableFuture;

/**
 * {@code {"operation":"reaction","seq","emoji"}}: reacts to the message {@code seq} names, in that
 * message's chat ({@code Channel.react}); resolved like an edit.
 */
final class ReactionHandler implements DeliveryHandler {
    private final ChannelRegistry channels;

    ReactionHandler(ChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public CompletableFuture<Outcome> deliver(DueRow row) {
        return EditHandler.withRef(channels, row, (channel, ref) -> {
            var m = row.row().message();
            return channel.react(new OutboundReaction(row.session().sessionId(), row.session().agentGroupId(),
                    m.id(), m.seq(), ref.chat(), ref.platformMessageId(), row.row().refSeq(),
                    row.row().content().get("emoji").asText(), m.timestamp()));
        });
    }
}
