package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;

/**
 * The scheduling actions of DESIGN §7.3 as function tools: {@code schedule_task} →
 * {@code schedule}, {@code list_tasks} → {@code task list}, {@code update_task},
 * {@code cancel_task}, {@code pause_task}, {@code resume_task} → {@code task} with that op. Like
 * {@link ProtocolTools}, each is a schema and a pure arguments → line mapping: the runner checks
 * the cron expression and the time itself, and its {@code result} (with {@code task_id}, or the
 * task list) is what the model sees.
 */
final class TaskTools {
    private static final String TIME = "Optional ISO-8601 time of the (first) run, e.g. 2026-12-24T09:00; "
            + "without an offset it is read in this chat's time zone.";
    private static final String CRON = "Optional UNIX 5-field cron expression for a recurring task, e.g. "
            + "0 9 * * 1-5 for weekdays at 9, in this chat's time zone.";

    private TaskTools() {
    }

    /** {@code tools} plus the six scheduling tools. */
    static ToolRegistry addTo(ToolRegistry tools) {
        return tools.with(scheduleTask()).with(listTasks()).with(updateTask())
                .with(byId("cancel_task", "cancel", "Cancel a task (or its whole series), given its task id."))
                .with(byId("pause_task", "pause", "Pause a task (or its series) until it is resumed."))
                .with(byId("resume_task", "resume", "Resume a paused task (or its series)."));
    }

    static Tool scheduleTask() {
        ObjectNode p = ProtocolTools.schema();
        ProtocolTools.prop(p, "prompt", "string", "What you will be asked to do when the task runs.");
        ProtocolTools.prop(p, "process_after", "string", TIME);
        ProtocolTools.prop(p, "recurrence", "string", CRON);
        ProtocolTools.required(p, "prompt");
        return new Tool("schedule_task", "Schedule a task: at a time, on a recurrence, or both (omit both to "
                + "run it at once). When due, its prompt comes back to you as a message of kind task.", p, args -> {
                    ObjectNode line = Json.object().put("type", "schedule")
                            .put("prompt", ProtocolTools.text(args, "prompt"));
                    timing(args, line);
                    return line;
                });
    }

    static Tool listTasks() {
        return new Tool("list_tasks", "List the live (pending or paused) tasks of this chat with their ids, "
                + "next run and recurrence.", ProtocolTools.schema(),
                args -> Json.object().put("type", "task").put("op", "list"));
    }

    static Tool updateTask() {
        ObjectNode p = ProtocolTools.schema();
        ProtocolTools.prop(p, "task_id", "string", "The task id (or series id) from schedule_task or list_tasks.");
        ProtocolTools.prop(p, "prompt", "string", "Optional new prompt.");
        ProtocolTools.prop(p, "process_after", "string", TIME);
        ProtocolTools.prop(p, "recurrence", "string", CRON);
        ProtocolTools.required(p, "task_id");
        return new Tool("update_task", "Change a task's prompt, time or recurrence.", p, args -> {
            ObjectNode line = Json.object().put("type", "task").put("op", "update")
                    .put("task_id", ProtocolTools.text(args, "task_id"));
            String prompt = ProtocolTools.optionalText(args, "prompt");
            if (prompt != null) {
                line.put("prompt", prompt);
            }
            timing(args, line);
            return line;
        });
    }

    static Tool byId(String name, String op, String description) {
        ObjectNode p = ProtocolTools.schema();
        ProtocolTools.prop(p, "task_id", "string", "The task id (or series id) from schedule_task or list_tasks.");
        ProtocolTools.required(p, "task_id");
        return new Tool(name, description, p, args -> Json.object().put("type", "task").put("op", op)
                .put("task_id", ProtocolTools.text(args, "task_id")));
    }

    private static void timing(JsonNode args, ObjectNode line) throws Tool.BadArguments {
        String at = ProtocolTools.optionalText(args, "process_after");
        if (at != null) {
            line.put("process_after", at);
        }
        String cron = ProtocolTools.optionalText(args, "recurrence");
        if (cron != null) {
            line.put("recurrence", cron);
        }
    }
}
