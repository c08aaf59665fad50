package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.agent.RunnerMessages;
import java.sql.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A line the runner refuses: nothing is written, the agent gets {@code ok:false} with the reason. */
record RefusedStep(JsonNode ref, String reason) implements Step {
    private static final Logger log = LoggerFactory.getLogger(RefusedStep.class);

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public void write(Connection c, TxContext tx) {
        // nothing to write
    }

    @Override
    public String result() {
        return RunnerMessages.resultError(ref, reason);
    }

    @Override
    public void log(String sessionId) {
        log.atWarn().addKeyValue("session", sessionId).addKeyValue("ref", ref).addKeyValue("reason", reason)
                .log("agent.line.refused");
    }
}
