package io.tandem.host.delivery;

import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.OutboundEdit;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * {@code {"operation":"edit","seq","text"}}: replaces the text of the message {@code seq} names,
 * in that message's chat ({@code Channel.edit}). An unresolvable seq fails at once naming it; an
 * outbound message not delivered yet is a retry.
 */
final class EditHandler implements DeliveryHandler {
    private final ChannelRegistry channels;

    EditHandler(ChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public CompletableFuture<Outcome> deliver(DueRow row) {
        return withRef(channels, row, (channel, ref) -> {
            var m = row.row().message();
            return channel.edit(new OutboundEdit(row.session().sessionId(), row.session().agentGroupId(), m.id(),
                    m.seq(), ref.chat(), ref.platformMessageId(), row.row().refSeq(),
                    row.row().content().get("text").asText(), m.timestamp()));
        });
    }

    /** Resolves the row's reference and its channel, then runs {@code call}; shared with reactions. */
    static CompletableFuture<Outcome> withRef(ChannelRegistry channels, DueRow row,
                                              BiFunction<Channel, MessageRef.Resolved, CompletableFuture<String>> call) {
        MessageRef ref = row.ref();
        String op = row.row().operation().wire();
        if (ref instanceof MessageRef.Unresolvable u) {
            return CompletableFuture.completedFuture(new Outcome.Failed(op + " of seq " + row.row().refSeq()
                    + " cannot be resolved: " + u.why()));
        }
        if (!(ref instanceof MessageRef.Resolved resolved)) {
            String why = ref instanceof MessageRef.NotYet n ? n.why() : "seq " + row.row().refSeq() + " is unknown";
            return CompletableFuture.completedFuture(new Outcome.Retry(op + " waits: " + why));
        }
        Channel channel = channels.get(resolved.chat().channelType()).orElse(null);
        if (channel == null) {
            return CompletableFuture.completedFuture(ChatHandler.noAdapter(resolved.chat().channelType()));
        }
        return call.apply(channel, resolved).thenApply(Outcome.Delivered::new);
    }
}
