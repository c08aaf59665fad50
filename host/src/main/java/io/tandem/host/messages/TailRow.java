package io.tandem.host.messages;

import io.tandem.schema.rows.MessageStatus;

/**
 * One line of a conversation tail: an inbound row ({@code inStatus} set, {@code outcome} null) or
 * an outbound row ({@code outcome} set, {@code inStatus} null), with its session, seq, kind and
 * what an operator reads it by. {@code text} is the row's text (or the closest field a non-chat
 * row has), capped at {@link ConversationTail#MAX_TEXT} characters.
 */
public record TailRow(String session, long seq, String id, String kind, String timestamp, MessageStatus inStatus,
                      DeliveryOutcome outcome, String sender, String text, String inReplyTo, String to,
                      String error) {
    public boolean inbound() {
        return inStatus != null;
    }

    /** The inbound status or the delivery outcome, as stored / shown. */
    public String status() {
        return inbound() ? inStatus.wire() : outcome.wire();
    }
}
