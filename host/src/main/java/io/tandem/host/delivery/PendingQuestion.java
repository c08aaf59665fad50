package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;

/** A {@code pending_questions} row (DESIGN 3, 5.7), filed before its card is sent. */
public record PendingQuestion(String questionId, String sessionId, String messageOutId, ChatTarget chat, String title,
                              String optionsJson, String createdAt, String expiresAt) {
}
