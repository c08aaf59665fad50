package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Recurrence;
import java.util.Set;

/**
 * Parsers of {@code schedule} and {@code task} (DESIGN 7.3, issue 9 section 1). The cron
 * expression is checked here (UNIX 5 fields, cron-utils), so a bad one is {@code ok:false} naming
 * it before anything is written; times need the group's zone and are checked by the planner.
 */
final class TaskActionParsers {
    private static final Set<String> OPS = Set.of("list", "update", "cancel", "pause", "resume");

    private TaskActionParsers() {
    }

    static AgentAction schedule(JsonNode node, JsonNode ref) {
        String prompt = Json.text(node, "prompt");
        if (prompt == null || prompt.isBlank()) {
            return new AgentAction.Invalid(ref, "schedule needs a non-empty \"prompt\"");
        }
        String recurrence;
        try {
            recurrence = cron(node);
        } catch (Recurrence.InvalidRecurrenceException e) {
            return new AgentAction.Invalid(ref, "schedule: " + e.getMessage());
        }
        return new AgentAction.Schedule(ref, prompt, Json.text(node, "process_after"), recurrence);
    }

    static AgentAction task(JsonNode node, JsonNode ref) {
        String op = Json.text(node, "op");
        if (op == null || !OPS.contains(op)) {
            return new AgentAction.Invalid(ref, "task \"op\" must be list, update, cancel, pause or resume, not " + op);
        }
        String taskId = Json.text(node, "task_id");
        if (!op.equals("list") && (taskId == null || !Ids.isSafe(taskId))) {
            return new AgentAction.Invalid(ref, "task " + op + " needs a \"task_id\" (a task or series id)"
                    + (taskId == null ? "" : ", not '" + taskId + "'"));
        }
        String recurrence;
        try {
            recurrence = cron(node);
        } catch (Recurrence.InvalidRecurrenceException e) {
            return new AgentAction.Invalid(ref, "task " + op + ": " + e.getMessage());
        }
        boolean clear = node.has("recurrence") && node.get("recurrence").isNull();
        return new AgentAction.TaskOp(ref, op, taskId, Json.text(node, "prompt"), Json.text(node, "process_after"),
                recurrence, clear);
    }

    private static String cron(JsonNode node) {
        JsonNode r = node.get("recurrence");
        if (r == null || r.isNull()) {
            return null;
        }
        return Recurrence.parse(r.isTextual() ? r.asText() : r.toString()).expression();
    }
}
