package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.store.OutboundRows;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's {@code done} for the batch in flight: final acks ({@code completed} or
 * {@code failed} with the agent's error) and the runner idle again. A batch the runner already
 * failed itself ({@code alreadyFailed}) keeps its failed acks: done writes none. No result line:
 * the next batch is its answer.
 */
final class DoneStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(DoneStep.class);

    private final JsonNode ref;
    private final Batch batch;
    private final boolean failed;
    private final String error;
    private final boolean alreadyFailed;

    DoneStep(JsonNode ref, Batch batch, boolean failed, String error) {
        this.ref = ref;
        this.batch = batch;
        this.failed = failed;
        this.error = error;
        this.alreadyFailed = batch.failure() != null;
    }

    @Override
    public JsonNode ref() {
        return ref;
    }

    @Override
    public boolean endsBatch() {
        return true;
    }

    @Override
    public void write(Connection c, TxContext tx) throws SQLException {
        if (!alreadyFailed) {
            OutboundRows.ackFinal(c, batch.messages(), failed, error, tx.now());
        }
        OutboundRows.containerState(c, null, null, "idle", tx.now());
    }

    @Override
    public String result() {
        return null;
    }

    @Override
    public void log(String sessionId) {
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("seq", batch.firstSeq())
                .addKeyValue("last_seq", batch.lastSeq()).addKeyValue("batch", batch.id())
                .addKeyValue("status", failed || batch.failure() != null ? "failed" : "completed")
                .addKeyValue("output_bytes", batch.outputBytes())
                .addKeyValue("messages", batch.messages().size()).log("batch.done");
    }
}
