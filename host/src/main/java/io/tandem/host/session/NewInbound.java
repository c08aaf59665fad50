package io.tandem.host.session;

import io.tandem.schema.rows.MessageKind;

/** A row the host is about to write into {@code messages_in}; seq is minted at insert. */
public record NewInbound(
        String id,
        MessageKind kind,
        String timestamp,
        String processAfter,
        boolean trigger,
        String platformId,
        String channelType,
        String threadId,
        String platformMessageId,
        String sourceSessionId,
        String content) {
}
