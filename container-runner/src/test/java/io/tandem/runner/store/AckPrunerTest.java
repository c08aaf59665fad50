package io.tandem.runner.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.runner.store.InboundReader.RowProgress;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.MessageStatus;
import io.tandem.schema.rows.ProcessingAck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pruning rule as a decision table: an ack goes once the host has synced it, never before. */
class AckPrunerTest {

    @ParameterizedTest(name = "ack {0}@{1}, row {2} tries {3} -> prune {4}")
    @CsvSource({
            // ack status, ack attempt, row status (NONE = no row), row tries, pruned
            "completed, 0, completed, 0, true",    // synced: the host recorded the outcome
            "failed,    2, failed,    2, true",
            "processing,0, failed,    4, true",    // host recovery gave up on it
            "processing,0, pending,   1, true",    // superseded: the host retried without it
            "completed, 0, pending,   1, true",
            "completed, 0, pending,   0, false",   // not synced yet: the host still has to read it
            "processing,0, pending,   0, false",   // current attempt in progress (or abandoned)
            "completed, 0, NONE,      0, false",   // inbound.db has no such row: keep
            "completed, 0, cancelled, 0, true",
            "completed, 0, paused,    0, true",
    })
    void anAckIsPrunedOnlyOnceSynced(String ackStatus, int attempt, String rowStatus, int tries, boolean pruned) {
        ProcessingAck ack = new ProcessingAck("m-1", attempt, AckStatus.fromWire(ackStatus),
                "2026-01-01T00:00:00.000Z", null);
        RowProgress row = rowStatus.equals("NONE") ? null : new RowProgress(tries, MessageStatus.fromWire(rowStatus));
        assertThat(AckPruner.synced(ack, row)).isEqualTo(pruned);
    }
}
