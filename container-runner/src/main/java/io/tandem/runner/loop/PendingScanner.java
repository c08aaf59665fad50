package io.tandem.runner.loop;

import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundStore;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.time.Timestamps;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the next batch (DESIGN §5.4): pending rows that are due, not {@code on_wake} unless
 * asked for, and without an ack of their current attempt (an abandoned {@code processing} ack a
 * dead predecessor left does not count, see {@link AbandonedAcks}); oldest first, at most
 * {@code maxPerBatch}. A batch exists only when some eligible row has {@code trigger=1};
 * accumulated {@code trigger=0} rows ride along. Reads inbound.db in short pages and the acks from
 * the runner's own outbound.db, never both in one transaction.
 */
final class PendingScanner {
    private final InboundReader inbound;
    private final OutboundStore outbound;
    private final int maxPerBatch;
    private final int pageSize;
    private final AbandonedAcks abandoned;

    PendingScanner(InboundReader inbound, OutboundStore outbound, int maxPerBatch) {
        this(inbound, outbound, maxPerBatch, AbandonedAcks.none());
    }

    PendingScanner(InboundReader inbound, OutboundStore outbound, int maxPerBatch, AbandonedAcks abandoned) {
        this.inbound = inbound;
        this.outbound = outbound;
        this.abandoned = abandoned;
        this.maxPerBatch = maxPerBatch;
        this.pageSize = Math.max(maxPerBatch, 100);
    }

    /**
     * The next batch; an empty list when nothing can start now; an empty Optional when inbound.db
     * cannot be read now (missing, no schema yet, hot journal): try again later.
     */
    Optional<List<InboundMessage>> next(boolean includeOnWake) throws SQLException {
        String now = Timestamps.format(Instant.now());
        List<InboundMessage> eligible = new ArrayList<>();
        boolean anyTrigger = false;
        long after = 0;
        while (true) {
            long from = after;
            Optional<List<InboundMessage>> page = inbound.read(
                    c -> InboundReader.pendingPage(c, now, includeOnWake, from, pageSize));
            if (page.isEmpty()) {
                return Optional.empty();
            }
            List<InboundMessage> rows = page.get();
            if (rows.isEmpty()) {
                break;
            }
            Map<String, Integer> acked = outbound.ackAttempts(rows.stream().map(InboundMessage::id).toList());
            for (InboundMessage m : rows) {
                Integer attempt = acked.get(m.id());
                if (attempt != null && attempt == m.tries() && !abandoned.covers(m.id(), m.tries())) {
                    continue;
                }
                anyTrigger |= m.trigger();
                if (eligible.size() < maxPerBatch) {
                    eligible.add(m);
                }
            }
            if ((anyTrigger && eligible.size() >= maxPerBatch) || rows.size() < pageSize) {
                break;
            }
            after = rows.get(rows.size() - 1).seq();
        }
        return Optional.of(anyTrigger ? eligible : List.of());
    }
}
