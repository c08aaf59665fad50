package io.tandem.host.delivery;

import io.tandem.host.central.CentralDb;
import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * {@link PendingQuestions} in central {@code pending_questions}, written on the central lane
 * (chained, never awaited from a session lane). {@code ON CONFLICT DO NOTHING} makes a repeated
 * filing of the same question a no-op.
 */
public final class CentralPendingQuestions implements PendingQuestions {
    private final CentralDb central;

    public CentralPendingQuestions(CentralDb central) {
        this.central = central;
    }

    @Override
    public CompletableFuture<Void> file(PendingQuestion q) {
        return central.tx(c -> {
            insert(c, q);
            return null;
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
