package io.tandem.host.delivery;

import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * {@code question} rows (DESIGN 5.7): files the {@code pending_questions} row (expiring after
 * {@code questions.ttl}) BEFORE the card is sent, so an answer can never arrive for a question the
 * host does not know, then sends the card ({@code Channel.sendCard}). Both steps are idempotent, so
 * a retry after a crash repeats neither.
 */
final class QuestionHandler implements DeliveryHandler {
    private final ChannelRegistry channels;
    private final PendingQuestions questions;
    private final Duration ttl;
    private final Clock clock;

    QuestionHandler(ChannelRegistry channels, PendingQuestions questions, Duration ttl, Clock clock) {
        this.channels = channels;
        this.questions = questions;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Outcome> deliver(DueRow row) {
        if (!row.target().allowed()) {
            return CompletableFuture.completedFuture(new Outcome.Failed(row.target().refusal()));
        }
        Channel channel = channels.get(row.target().channelType()).orElse(null);
        if (channel == null) {
            return CompletableFuture.completedFuture(ChatHandler.noAdapter(row.target().channelType()));
        }
        var content = row.row().content();
        String title = Json.text(content, "title") != null ? Json.text(content, "title") : Json.text(content, "question");
        Instant now = clock.instant();
        PendingQuestion q = new PendingQuestion(Json.text(content, "question_id"), row.session().sessionId(),
                row.row().key(), row.target().chat(), title, Json.write(content.get("options")), Timestamps.format(now),
                Timestamps.format(now.plus(ttl)));
        return questions.file(q).thenCompose(v -> channel.sendCard(row.delivery())).thenApply(Outcome.Delivered::new);
    }
}
