package io.tandem.host.questions;

import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.delivery.PendingQuestion;
import io.tandem.host.session.InboundDb;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edits an expired question's card to say so ({@code Channel.edit}; on the http channel an
 * {@code edit} event). The card's platform message id is the one delivery recorded in the asking
 * session's {@code delivered} table, read on that session's lane; the edit itself is sent after
 * that read, outside any transaction. Best effort: a card never delivered, a channel that cannot
 * edit or a failed edit is logged and the expiry stands. The edit's idempotency key is derived from
 * the card's {@code messages_out} id, so an edit repeated after a crash is still one edit; it has
 * no row of its own, so its {@code seq} is 0.
 */
final class ExpiredCards {
    private static final Logger log = LoggerFactory.getLogger(ExpiredCards.class);

    private final Path dataDir;
    private final SessionLanes lanes;
    private final InboundDb inbound;
    private final ChannelRegistry channels;

    ExpiredCards(Path dataDir, SessionLanes lanes, InboundDb inbound, ChannelRegistry channels) {
        this.dataDir = dataDir;
        this.lanes = lanes;
        this.inbound = inbound;
        this.channels = channels;
    }

    /** The card's new text: its title and that it expired. */
    static String text(PendingQuestion q) {
        String title = q.title() == null || q.title().isBlank() ? "Question" : q.title();
        return title + " — expired, no answer was given";
    }

    /** The edit's idempotency key. */
    static String editId(PendingQuestion q) {
        return q.messageOutId() + "-expired";
    }

    /** Completes when the edit was sent or given up on; never completes exceptionally. */
    CompletableFuture<Void> markExpired(PendingQuestion q, String agentGroupId, Instant now) {
        Optional<Channel> channel = channels.get(q.chat().channelType());
        if (channel.isEmpty()) {
            log.atWarn().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                    .addKeyValue("channel", q.chat().channelType()).log("question.expiry_edit_no_adapter");
            return CompletableFuture.completedFuture(null);
        }
        SessionPaths paths = SessionPaths.of(dataDir, agentGroupId, q.sessionId());
        return lanes.submit(q.sessionId(), () -> inbound.with(paths, c -> Sql.one(c,
                        "SELECT platform_message_id FROM delivered WHERE message_out_id = ? AND status = 'delivered' "
                                + "AND platform_message_id IS NOT NULL",
                        rs -> rs.getString(1), q.messageOutId())))
                .thenCompose(platformId -> {
                    if (platformId.isEmpty()) {
                        log.atInfo().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                                .addKeyValue("id", q.messageOutId()).log("question.expiry_card_not_delivered");
                        return CompletableFuture.completedFuture(null);
                    }
                    return channel.get().edit(new OutboundEdit(q.sessionId(), agentGroupId, editId(q), 0, q.chat(),
                            platformId.get(), 0, text(q), Timestamps.format(now))).thenAccept(id ->
                            log.atInfo().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                                    .addKeyValue("id", q.messageOutId()).addKeyValue("platform_message_id", id)
                                    .log("question.expiry_card_edited"));
                })
                .exceptionally(e -> {
                    log.atWarn().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                            .addKeyValue("id", q.messageOutId()).addKeyValue("error", e.toString())
                            .log("question.expiry_edit_failed");
                    return null;
                });
    }
}
