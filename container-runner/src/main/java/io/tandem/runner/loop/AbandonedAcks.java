package io.tandem.runner.loop;

import io.tandem.runner.store.OutboundStore;
import io.tandem.schema.rows.InboundMessage;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code processing} acks found in outbound.db when this runner started. The runner holds
 * {@code runner.lock}, so every one of them was written by a predecessor that died mid-batch
 * (killed, out of memory, host gone) — possibly mid-commit, its journal rolled back when this
 * runner opened the file. A message whose current attempt is acked this way is NOT in progress:
 * the scanner treats it as unacked, so it is processed again at once instead of waiting for the
 * host's recovery (which cannot run while this runner holds the lock), and its batch carries
 * {@code retry} so the agent can avoid repeating what was already sent. An entry is dropped once
 * this runner has started a batch for it (the ack is then its own).
 *
 * <p>Main thread only.
 */
public final class AbandonedAcks {
    private final Map<String, Integer> attempts;

    AbandonedAcks(Map<String, Integer> attempts) {
        this.attempts = new HashMap<>(attempts);
    }

    public static AbandonedAcks load(OutboundStore outbound) throws SQLException {
        return new AbandonedAcks(outbound.processingAcks());
    }

    static AbandonedAcks none() {
        return new AbandonedAcks(Map.of());
    }

    /** True when {@code m}'s current attempt carries an abandoned processing ack. */
    boolean covers(String messageId, int tries) {
        Integer attempt = attempts.get(messageId);
        return attempt != null && attempt == tries;
    }

    /** These messages are now in a batch of this runner. */
    void resumed(List<InboundMessage> messages) {
        for (InboundMessage m : messages) {
            attempts.remove(m.id());
        }
    }

    public int size() {
        return attempts.size();
    }
}
