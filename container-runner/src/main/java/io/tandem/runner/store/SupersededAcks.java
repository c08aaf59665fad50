package io.tandem.runner.store;

import io.tandem.schema.rows.ProcessingAck;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up cleanup: deletes acks whose attempt is below the message's current {@code tries}.
 * Such an ack is how the host retried a message without writing outbound.db; once the runner has
 * seen the new attempt it is noise. Acks of the current attempt, and acks of messages inbound.db
 * no longer has, are kept. The tries are read from inbound.db first, in a finished read; the
 * deletion is a separate outbound transaction (never both files in one transaction).
 */
public final class SupersededAcks {
    private static final Logger log = LoggerFactory.getLogger(SupersededAcks.class);

    private SupersededAcks() {
    }

    /** Returns how many acks were deleted (0 when inbound.db cannot be read now). */
    public static int purge(InboundReader inbound, OutboundStore outbound, String sessionId) throws SQLException {
        List<ProcessingAck> acks = outbound.acks();
        if (acks.isEmpty()) {
            return 0;
        }
        Optional<Map<String, Integer>> tries = inbound.read(c -> InboundReader.tries(c,
                acks.stream().map(ProcessingAck::messageId).toList()));
        if (tries.isEmpty()) {
            log.atWarn().addKeyValue("session", sessionId).log("acks.cleanup.skipped");
            return 0;
        }
        List<ProcessingAck> superseded = new ArrayList<>();
        for (ProcessingAck a : acks) {
            Integer current = tries.get().get(a.messageId());
            if (current != null && a.attempt() < current) {
                superseded.add(a);
            }
        }
        if (superseded.isEmpty()) {
            return 0;
        }
        int deleted = outbound.tx(c -> {
            int n = 0;
            for (ProcessingAck a : superseded) {
                n += OutboundRows.deleteAck(c, a.messageId(), a.attempt());
            }
            return n;
        });
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("deleted", deleted).log("acks.superseded.deleted");
        return deleted;
    }
}
