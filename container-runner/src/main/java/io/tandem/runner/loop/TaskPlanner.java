package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.runner.agent.AgentAction;
import io.tandem.runner.store.Route;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.time.ScheduleTime;
import io.tandem.schema.time.Timestamps;
import java.util.List;
import java.util.Map;

/**
 * {@code schedule} and {@code task}: written as {@code system} rows the host carries out
 * (DESIGN 5.5), {@code {"action":"schedule_task"|"update_task"|"cancel_task"|"pause_task"|
 * "resume_task","task_id",…}}, with times as Tandem UTC timestamps. A time without an offset is
 * read in the group's zone here, so the agent learns of a bad one at once; the runner mints the
 * task id of a schedule and answers it ({@code task_id}), and the host uses it as the row's id and
 * series id. {@code task list} writes nothing ({@link TaskListStep}).
 */
final class TaskPlanner {
    private TaskPlanner() {
    }

    static void schedule(AgentAction.Schedule a, PlanContext ctx, List<Step> out) {
        String at;
        try {
            at = a.processAfter() == null ? null : Timestamps.format(ScheduleTime.parse(a.processAfter(),
                    ctx.env().zone()));
        } catch (IllegalArgumentException e) {
            out.add(new RefusedStep(a.ref(), "schedule: " + e.getMessage()));
            return;
        }
        String taskId = Ids.mint(Ids.TASK);
        ObjectNode content = Json.object().put("action", "schedule_task").put("task_id", taskId)
                .put("prompt", a.prompt());
        putOptional(content, "process_after", at);
        putOptional(content, "recurrence", a.recurrence());
        system(a.ref(), "schedule", content, ctx, out, Map.of("task_id", taskId));
    }

    static void task(AgentAction.TaskOp t, PlanContext ctx, List<Step> out) {
        if (t.op().equals("list")) {
            out.add(new TaskListStep(t.ref(), ctx.tasks()));
            return;
        }
        ObjectNode content = Json.object().put("action", t.op() + "_task").put("task_id", t.taskId());
        if (t.op().equals("update")) {
            try {
                putOptional(content, "process_after", t.processAfter() == null ? null
                        : Timestamps.format(ScheduleTime.parse(t.processAfter(), ctx.env().zone())));
            } catch (IllegalArgumentException e) {
                out.add(new RefusedStep(t.ref(), "task update: " + e.getMessage()));
                return;
            }
            putOptional(content, "prompt", t.prompt());
            if (t.clearRecurrence()) {
                content.putNull("recurrence");
            } else {
                putOptional(content, "recurrence", t.recurrence());
            }
        }
        system(t.ref(), "task " + t.op(), content, ctx, out, Map.of("task_id", t.taskId()));
    }

    private static void system(com.fasterxml.jackson.databind.JsonNode ref, String what, ObjectNode content,
                               PlanContext ctx, List<Step> out, Map<String, String> result) {
        String json = Json.write(content);
        if (!ctx.admit(ref, what, Utf8.length(json), out)) {
            return;
        }
        InboundMessage answered = ctx.replyTo();
        out.add(new RowStep(ref, what, Ids.mint(Ids.MESSAGE_OUT), OutboundKind.SYSTEM, Route.DEFAULT,
                answered == null ? null : answered.id(), json, result));
    }

    private static void putOptional(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
