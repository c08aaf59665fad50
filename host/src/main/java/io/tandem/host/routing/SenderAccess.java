package io.tandem.host.routing;

import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.UnknownSenderPolicy;

/**
 * Who may speak in a chat to an agent group (DESIGN 5.1 step 5), as one pure rule shared by the
 * router (may this message reach the agent) and question answers (may this click answer the
 * agent's question): the same person who may talk to the agent in that chat may answer it there.
 */
public final class SenderAccess {
    private SenderAccess() {
    }

    /**
     * Whether the sender must be known to the group (owner, admin or member): {@code public} chats
     * let anyone in unless the wiring's {@code sender_scope} is {@code known}; {@code strict} and
     * {@code request_approval} chats always need it. {@code scope} null means no wiring links the
     * chat and the group (e.g. a named destination): then membership is needed.
     */
    public static boolean needsKnownSender(UnknownSenderPolicy policy, SenderScope scope) {
        if (scope == null) {
            return true;
        }
        return switch (policy) {
            case PUBLIC -> scope == SenderScope.KNOWN;
            case STRICT, REQUEST_APPROVAL -> true;
        };
    }
}
