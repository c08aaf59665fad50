package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;
import java.util.HashMap;
import java.util.Map;

/**
 * Message references as one pass sees them: what the snapshot resolved, plus the rows this pass
 * delivered so far, so an edit or reaction of a message sent a moment earlier in the same pass
 * resolves instead of waiting for the next pass.
 */
final class PassRefs {
    private final Map<Long, MessageRef> fromSnapshot;
    private final Map<Long, MessageRef.Resolved> deliveredNow = new HashMap<>();

    PassRefs(Map<Long, MessageRef> fromSnapshot) {
        this.fromSnapshot = fromSnapshot;
    }

    MessageRef resolve(long seq) {
        MessageRef now = deliveredNow.get(seq);
        if (now != null) {
            return now;
        }
        return fromSnapshot.getOrDefault(seq, new MessageRef.Unresolvable("seq " + seq + " was not looked up"));
    }

    void delivered(long seq, ChatTarget chat, String platformMessageId) {
        if (platformMessageId != null) {
            deliveredNow.put(seq, new MessageRef.Resolved(chat, platformMessageId));
        }
    }
}
