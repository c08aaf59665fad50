package io.tandem.host.delivery;

import io.tandem.host.central.CentralDb;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link PendingQuestions} in central {@code pending_questions}, written on the central lane
 * (chained, never awaited from a session lane). {@code ON CONFLICT DO NOTHING} makes a repeated
 * filing of the same question a no-op. Once a question is filed, {@code filed} is told when it
 * expires (the expiry timer, DESIGN 5.7), after the commit.
 */
public final class CentralPendingQuestions implements PendingQuestions {
    private final CentralDb central;
    private final Consumer<Instant> filed;

    public CentralPendingQuestions(CentralDb central) {
        this(central, at -> { });
    }

    /** {@code filed} gets the {@code expires_at} of every question filed (e.g. to arm the expiry timer). */
    public CentralPendingQuestions(CentralDb central, Consumer<Instant> filed) {
        this.central = central;
        this.filed = filed;
    }

    @Override
    public CompletableFuture<Void> file(PendingQuestion q) {
        return central.tx(c -> {
            insert(c, q);
            return (Void) null;
        }).thenRun(() -> {
            if (q.expiresAt() != null) {
                filed.accept(Timestamps.parse(q.expiresAt()));
            }
        });
    }

    /** Files {@code q} inside the caller's transaction; a question filed before stays as it is. */
    public static void insert(Connection tx, PendingQuestion q) throws SQLException {
        Sql.update(tx, "INSERT INTO pending_questions(question_id, session_id, message_out_id, channel_type, "
                        + "platform_id, thread_id, title, options_json, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(question_id) DO NOTHING",
                q.questionId(), q.sessionId(), q.messageOutId(), q.chat().channelType(), q.chat().platformId(),
                q.chat().threadId(), q.title(), q.optionsJson(), q.createdAt(), q.expiresAt());
    }
}
