package io.tandem.host.session;

import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the session controller decides on, read in one pass on the session's lane: the
 * pending rows (inbound.db, ours), the runner's acks for them (outbound.db, read-only), the state
 * of {@code out/} (hot journal, lock), what the scheduler knows about the runner, and a quarantine
 * reason if the session's files cannot be used. A plain value: {@link SessionDecisions} is a pure
 * function of it and the time.
 *
 * @param outbound        how the read of outbound.db went
 * @param outboundJournal a journal file exists beside outbound.db
 * @param runnerLockFree  no process holds {@code out/runner.lock}
 * @param quarantine      why the session is unusable, or null
 */
public record SessionSnapshot(String sessionId, List<Row> pending, Map<String, ProcessingAck> acks,
                              Outbound outbound, boolean outboundJournal, boolean runnerLockFree,
                              RunnerPresence presence, String quarantine) {

    /** How the short read of outbound.db went. */
    public enum Outbound {
        /** Read (or missing/empty: no acks yet). */
        READ,
        /** A hot journal: only the runner can roll it back, acks are unknown. */
        RECOVERING
    }

    /** A pending {@code messages_in} row. {@code timestamp} orders sessions in the slot queue. */
    public record Row(String id, long seq, int tries, boolean trigger, String processAfter, String timestamp) {
        boolean dueAt(String now) {
            return processAfter == null || processAfter.compareTo(now) <= 0;
        }

        /** When the row became due: its process_after, else its timestamp. */
        Instant dueSince() {
            String t = processAfter != null ? processAfter : timestamp;
            try {
                return Timestamps.parse(t);
            } catch (RuntimeException e) {
                return Instant.EPOCH;
            }
        }
    }

    /** A snapshot of a session whose files cannot be used. */
    public static SessionSnapshot quarantined(String sessionId, RunnerPresence presence, String reason) {
        return new SessionSnapshot(sessionId, List.of(), Map.of(), Outbound.READ, false, true, presence, reason);
    }

    Optional<ProcessingAck> currentAck(Row r) {
        ProcessingAck a = acks.get(r.id());
        return a != null && a.isCurrentFor(r.tries()) ? Optional.of(a) : Optional.empty();
    }

    boolean processing(Row r) {
        return currentAck(r).map(a -> a.status() == AckStatus.PROCESSING).orElse(false);
    }
}
