package io.tandem.host.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.delivery.Outcome;
import io.tandem.host.delivery.SystemAction;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Recurrence;
import io.tandem.schema.time.ScheduleTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The task actions of the system action registry (issue 9 section 2), as the runner writes them:
 * <pre>
 * {"action":"schedule_task","task_id","prompt","process_after"?,"recurrence"?}
 * {"action":"update_task","task_id","prompt"?,"process_after"?,"recurrence"?}   (recurrence null: ends it)
 * {"action":"cancel_task"|"pause_task"|"resume_task","task_id"}
 * </pre>
 * {@code task_id} of a schedule is minted by the runner (it answers the agent with it) and becomes
 * the row's id and series id, so a repeated row inserts nothing twice. Elsewhere it may be an
 * occurrence's id or the series id. Times are ISO-8601; one without an offset is read in the
 * session's zone. Anything refused — a bad field, an invalid cron, no live task of that id — is a
 * {@link Outcome.Failed} naming it, which reaches the agent as a {@code delivery_failed} note.
 */
public final class TaskActions {
    private TaskActions() {
    }

    public static Map<String, SystemAction> of(TaskService tasks) {
        Map<String, SystemAction> m = new LinkedHashMap<>();
        m.put("schedule_task", r -> guarded(() -> schedule(tasks, r)));
        for (TaskOps.Op op : new TaskOps.Op[] {TaskOps.Op.UPDATE, TaskOps.Op.CANCEL, TaskOps.Op.PAUSE,
                TaskOps.Op.RESUME}) {
            m.put(op.action(), r -> guarded(() -> operate(tasks, op, r)));
        }
        return Map.copyOf(m);
    }

    private static CompletableFuture<Outcome> schedule(TaskService tasks, SystemAction.Request r) {
        JsonNode c = r.content();
        String id = required(c, "task_id");
        if (!Ids.isSafe(id)) {
            throw new IllegalArgumentException("task_id '" + id + "' is not a valid id");
        }
        String prompt = required(c, "prompt");
        ZoneId zone = tasks.zoneOf(r.session());
        Instant at = c.hasNonNull("process_after") ? ScheduleTime.parse(c.get("process_after").asText(), zone) : null;
        String recurrence = c.hasNonNull("recurrence") ? Recurrence.parse(c.get("recurrence").asText()).expression()
                : null;
        return tasks.schedule(r.session(), new TaskService.NewTask(id, prompt, at, recurrence))
                .thenApply(t -> new Outcome.Delivered(null));
    }

    private static CompletableFuture<Outcome> operate(TaskService tasks, TaskOps.Op op, SystemAction.Request r) {
        JsonNode c = r.content();
        String id = required(c, "task_id");
        TaskOps.Changes changes = TaskOps.Changes.NONE;
        if (op == TaskOps.Op.UPDATE) {
            ZoneId zone = tasks.zoneOf(r.session());
            String recurrence = c.hasNonNull("recurrence") ? Recurrence.parse(c.get("recurrence").asText()).expression()
                    : null;
            changes = new TaskOps.Changes(c.hasNonNull("prompt") ? c.get("prompt").asText() : null,
                    c.hasNonNull("process_after") ? ScheduleTime.parse(c.get("process_after").asText(), zone) : null,
                    recurrence, c.has("recurrence") && c.get("recurrence").isNull());
        }
        return tasks.operate(r.session(), op, id, changes).thenApply(t -> t.<Outcome>map(x -> new Outcome.Delivered(null))
                .orElseGet(() -> new Outcome.Failed(op.action() + ": no live task with task or series id '" + id
                        + "' in this session")));
    }

    private static String required(JsonNode c, String field) {
        String v = Json.text(c, field);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v;
    }

    /** A refusal of the request itself (bad field, bad cron or time) fails the row, naming it. */
    private static CompletableFuture<Outcome> guarded(java.util.function.Supplier<CompletableFuture<Outcome>> work) {
        CompletableFuture<Outcome> f;
        try {
            f = work.get();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome.Failed(e.getMessage()));
        }
        return f.exceptionally(err -> {
            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (c instanceof IllegalArgumentException) {
                return new Outcome.Failed(c.getMessage());
            }
            throw err instanceof CompletionException ce ? ce : new CompletionException(err);
        });
    }
}
