package io.tandem.host.delivery;

import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.session.SessionRef;

/**
 * A valid row due now, with what the pass resolved for it: {@code target} for rows that post into
 * a chat (chat, card, question), {@code ref} for edits and reactions; null otherwise.
 */
record DueRow(SessionRef session, OutboundRow.Valid row, TargetCheck.Target target, MessageRef ref) {

    /** The row as a channel sees it; only for rows with an allowed target. */
    OutboundDelivery delivery() {
        var m = row.message();
        return new OutboundDelivery(session.sessionId(), session.agentGroupId(), m.id(), m.seq(), row.operation().wire(),
                target.channelType(), target.platformId(), target.threadId(), row.content(), m.timestamp(),
                java.util.List.of(), target.replyTo());
    }
}
