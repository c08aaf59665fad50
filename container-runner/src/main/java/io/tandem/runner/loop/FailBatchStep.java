package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.store.OutboundRows;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner fails the batch in flight itself (its output crossed {@code max_output_per_batch}):
 * its messages are acked {@code failed} with the reason in the group's transaction. The line that
 * crossed the limit gets its own refusal; this step answers nothing.
 */
final class FailBatchStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(FailBatchStep.class);

    private final JsonNode ref;
    private final Batch batch;
    private final String reason;
    private final long limit;

    FailBatchStep(JsonNode ref, Batch batch, String reason, long limit) {
        this.ref = ref;
        this.batch = batch;
        this.reason = reason;
        this.limit = limit;
    }

    @Override
    public JsonNode ref() {
        return ref;
    }

    @Override
    public void write(Connection c, TxContext tx) throws SQLException {
        OutboundRows.ackFinal(c, batch.messages(), true, reason, tx.now());
    }

    @Override
    public String result() {
        return null;
    }

    @Override
    public void log(String sessionId) {
        log.atWarn().addKeyValue("session", sessionId).addKeyValue("seq", batch.firstSeq())
                .addKeyValue("batch", batch.id()).addKeyValue("limit", limit)
                .addKeyValue("output_bytes", batch.outputBytes()).log("batch.output_limit");
    }
}
