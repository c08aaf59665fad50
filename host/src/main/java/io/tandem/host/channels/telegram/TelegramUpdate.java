package io.tandem.host.channels.telegram;

import io.tandem.host.routing.InboundEvent;

/**
 * What one Bot API {@code Update} means to the host, decided by {@link UpdateMapper}: a message to
 * route, a button click to hand to the clicks contract, an edit to log, or nothing (with why).
 */
sealed interface TelegramUpdate {
    /** A message for the router. */
    record Inbound(InboundEvent event) implements TelegramUpdate {
    }

    /**
     * A {@code callback_query}: {@code chatId} is the chat of the message that carried the button
     * (null for inline-mode messages), {@code shortId} the id its data names (null when the data is
     * not ours), {@code userId} the clicker as {@code telegram:<id>}.
     */
    record Click(String callbackQueryId, String chatId, String shortId, String userId) implements TelegramUpdate {
    }

    /** An {@code edited_message}: the host keeps the original, the edit is only logged. */
    record Edited(String chatId, String messageId) implements TelegramUpdate {
    }

    /** An update the host does not act on. */
    record Ignored(String reason) implements TelegramUpdate {
    }
}
