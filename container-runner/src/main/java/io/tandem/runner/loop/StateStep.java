package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.agent.RunnerMessages;
import io.tandem.runner.store.OutboundRows;
import java.sql.Connection;
import java.sql.SQLException;

/** {@code state set} ({@code value} non-null) or {@code state delete} ({@code value} null) of one key. */
record StateStep(JsonNode ref, String key, String value) implements Step {
    @Override
    public void write(Connection c, TxContext tx) throws SQLException {
        if (value == null) {
            OutboundRows.stateDelete(c, key);
        } else {
            OutboundRows.stateSet(c, key, value, tx.now());
        }
    }

    @Override
    public String result() {
        return RunnerMessages.resultOk(ref, null);
    }

    @Override
    public void log(String sessionId) {
        // state changes are not message-path events
    }
}
