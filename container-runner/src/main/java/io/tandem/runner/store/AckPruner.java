package io.tandem.runner.store;

import io.tandem.runner.store.InboundReader.RowProgress;
import io.tandem.schema.rows.MessageStatus;
import io.tandem.schema.rows.ProcessingAck;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code processing_ack} from growing forever: deletes the acks the host has already synced
 * (the runner owns outbound.db, so it is the one to delete). An ack is synced when its inbound row
 * is no longer {@code pending} (the host has recorded the outcome) or the row's {@code tries} is
 * above the ack's attempt (superseded: the host retried without it). Acks of rows still pending at
 * the ack's attempt, and acks of rows inbound.db does not have, are kept: the host may still need
 * them.
 *
 * <p>Works in pages: each page is one finished read of outbound.db, one finished read of
 * inbound.db, then one short outbound transaction for the deletions (never both files in one
 * transaction), so a prune never holds the write lock for long and never runs inside a batch.
 */
public final class AckPruner {
    private static final Logger log = LoggerFactory.getLogger(AckPruner.class);
    static final int PAGE = 500;

    private final InboundReader inbound;
    private final OutboundStore outbound;
    private final String sessionId;

    public AckPruner(InboundReader inbound, OutboundStore outbound, String sessionId) {
        this.inbound = inbound;
        this.outbound = outbound;
        this.sessionId = sessionId;
    }

    /** The decision for one ack; {@code row} null = inbound.db has no such row. */
    public static boolean synced(ProcessingAck ack, RowProgress row) {
        return row != null && (row.status() != MessageStatus.PENDING || row.tries() > ack.attempt());
    }

    /** Deletes every synced ack; returns how many (0 when inbound.db cannot be read now). */
    public int prune() throws SQLException {
        int deleted = 0;
        int kept = 0;
        String after = "";
        while (true) {
            List<ProcessingAck> page = outbound.ackPage(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            Optional<Map<String, RowProgress>> rows = inbound.read(c -> InboundReader.progress(c,
                    page.stream().map(ProcessingAck::messageId).toList()));
            if (rows.isEmpty()) {
                log.atWarn().addKeyValue("session", sessionId).log("acks.prune.skipped");
                break;
            }
            List<ProcessingAck> synced = new ArrayList<>();
            for (ProcessingAck a : page) {
                if (synced(a, rows.get().get(a.messageId()))) {
                    synced.add(a);
                }
            }
            kept += page.size() - synced.size();
            if (!synced.isEmpty()) {
                // attempt and status in the WHERE: an ack rewritten since the read is not touched
                deleted += outbound.tx(c -> {
                    int n = 0;
                    for (ProcessingAck a : synced) {
                        n += OutboundRows.deleteAck(c, a.messageId(), a.attempt(), a.status());
                    }
                    return n;
                });
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).messageId();
        }
        if (deleted > 0) {
            log.atInfo().addKeyValue("session", sessionId).addKeyValue("deleted", deleted).addKeyValue("kept", kept)
                    .log("acks.pruned");
        } else {
            log.atDebug().addKeyValue("session", sessionId).addKeyValue("kept", kept).log("acks.prune.nothing");
        }
        return deleted;
    }
}
