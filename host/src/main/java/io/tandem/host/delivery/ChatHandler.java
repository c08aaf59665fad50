package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.work.SessionLanes;
import java.util.concurrent.CompletableFuture;

/**
 * Chat messages ({@code Channel.send}) and cards ({@code Channel.sendCard}) to the row's
 * re-checked target. A refused target fails at once; a channel with no adapter running is a
 * retry (it may start), which ends failed after {@code delivery.max_attempts}. A chat row's
 * {@code files} are checked on the session's lane ({@link OutboxFiles}: file metadata is never
 * read on whatever thread completed the previous send) and handed to the channel with the row.
 */
final class ChatHandler implements DeliveryHandler {
    private final ChannelRegistry channels;
    private final boolean card;
    private final SessionLanes lanes;
    private final OutboxFiles outbox;

    ChatHandler(ChannelRegistry channels, boolean card, SessionLanes lanes, OutboxFiles outbox) {
        this.channels = channels;
        this.card = card;
        this.lanes = lanes;
        this.outbox = outbox;
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
        if (card) {
            return channel.sendCard(row.delivery()).thenApply(Outcome.Delivered::new);
        }
        JsonNode files = row.row().content().get("files");
        if (files == null || files.isNull() || (files.isArray() && files.isEmpty())) {
            return channel.send(row.delivery()).thenApply(Outcome.Delivered::new);
        }
        String id = row.row().key();
        return lanes.submit(row.session().sessionId(), () -> outbox.resolve(row.session().paths(), id, files))
                .thenCompose(attached -> channel.send(row.delivery().withFiles(attached)))
                .thenApply(Outcome.Delivered::new);
    }

    static Outcome noAdapter(String channelType) {
        return new Outcome.Retry("no adapter for channel " + channelType);
    }
}
