package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tandem.schema.json.Json;
import java.sql.Connection;
import java.util.List;

/**
 * {@code task list}: writes nothing and answers {@code ok:true} with the session's live tasks as
 * the runner reads them in inbound.db ({@code tasks: [{task_id, series_id, next_run, recurrence,
 * status, prompt}]}), or {@code ok:false} when inbound.db cannot be read right now.
 */
record TaskListStep(JsonNode ref, List<PlanContext.TaskView> tasks) implements Step {

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
        if (tasks == null) {
            return io.tandem.runner.agent.RunnerMessages.resultError(ref, "task list: inbound.db cannot be read now; "
                    + "try again");
        }
        var n = Json.object().put("type", "result");
        n.set("ref", ref == null ? NullNode.instance : ref);
        n.put("ok", true);
        ArrayNode list = n.putArray("tasks");
        for (PlanContext.TaskView t : tasks) {
            list.addObject().put("task_id", t.id()).put("series_id", t.seriesId()).put("next_run", t.nextRun())
                    .put("recurrence", t.recurrence()).put("status", t.status()).put("prompt", t.prompt());
        }
        return Json.write(n);
    }

    @Override
    public void log(String sessionId) {
        // a read: not a message-path event
    }
}
