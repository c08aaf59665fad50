package io.tandem.runner.loop;

import io.tandem.runner.agent.RetryInfo;
import io.tandem.runner.store.EarlierReply;
import io.tandem.runner.store.OutboundStore;
import io.tandem.schema.rows.InboundMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code retry} notes of a batch: for each message on a later attempt ({@code tries >
 * 0}) or resumed after a dead runner ({@link AbandonedAcks}), the replies outbound.db already
 * holds for it ({@code messages_out.in_reply_to}). Bounded so the batch line stays small: at most
 * {@value #MAX_ENTRIES} entries per message, each text cut at {@value #MAX_TEXT_CHARS} chars, and
 * {@value #MAX_BATCH_CHARS} chars of such text per batch; what is left out is counted in
 * {@code omitted}. First attempts cost no read at all, so the warm path is unchanged.
 */
final class RetryNotes {
    static final int MAX_ENTRIES = 50;
    static final int MAX_TEXT_CHARS = 8192;
    static final long MAX_BATCH_CHARS = 512 * 1024;

    private RetryNotes() {
    }

    static boolean isRetry(InboundMessage m, AbandonedAcks abandoned) {
        return m.tries() > 0 || abandoned.covers(m.id(), m.tries());
    }

    /** {@code message id → retry note} for the retried messages of the batch; empty for none. */
    static Map<String, RetryInfo> of(List<InboundMessage> messages, AbandonedAcks abandoned, OutboundStore outbound)
            throws SQLException {
        Map<String, RetryInfo> out = new HashMap<>();
        long budget = MAX_BATCH_CHARS;
        for (InboundMessage m : messages) {
            if (!isRetry(m, abandoned)) {
                continue;
            }
            long total = outbound.replyCount(m.id());
            List<EarlierReply> kept = new ArrayList<>();
            if (total > 0 && budget > 0) {
                for (EarlierReply e : outbound.earlierReplies(m.id(), MAX_ENTRIES, MAX_TEXT_CHARS)) {
                    long chars = e.text() == null ? 0 : e.text().length();
                    if (chars > budget) {
                        budget = 0;
                        break;
                    }
                    budget -= chars;
                    kept.add(e);
                }
            }
            out.put(m.id(), new RetryInfo(m.tries(), kept, total - kept.size()));
        }
        return out;
    }
}
