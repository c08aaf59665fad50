package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;

/**
 * What the {@code seq} of an edit or reaction names, resolved by parity (even: a
 * {@code messages_in} row and its stored platform id; odd: a {@code messages_out} row and the
 * platform id recorded in {@code delivered}), together with the chat that message lives in: an
 * edit or reaction goes to the chat of the message it changes, which invariant 9 already allowed.
 */
sealed interface MessageRef permits MessageRef.Resolved, MessageRef.NotYet, MessageRef.Unresolvable {

    /** The message exists on the platform as {@code platformMessageId} in {@code chat}. */
    record Resolved(ChatTarget chat, String platformMessageId) implements MessageRef {
    }

    /** An outbound row not delivered yet: a later attempt may find it delivered. */
    record NotYet(String why) implements MessageRef {
    }

    /** Nothing this seq names can ever be edited or reacted to. */
    record Unresolvable(String why) implements MessageRef {
    }
}
