package io.tandem.host.tasks;

import io.tandem.schema.json.Json;
import io.tandem.schema.time.Recurrence;
import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What an operation does to the live occurrence of a task: a pure function of the occurrence, the
 * operation, the zone and the time, so every rule is a row in a decision table. Pausing keeps the
 * series (a paused occurrence is live: nothing forks while paused); cancelling ends it (the
 * recurrence is cleared with it); resuming a recurring occurrence whose time has passed moves it to
 * the next slot after now (no catch-up run for the time it was paused); run-now makes it due now.
 */
public final class TaskOps {
    private TaskOps() {
    }

    /** The operations on a live occurrence. */
    public enum Op {
        PAUSE("pause_task"), RESUME("resume_task"), CANCEL("cancel_task"), RUN_NOW("run_now"), UPDATE("update_task");

        private final String action;

        Op(String action) {
            this.action = action;
        }

        /** The system action name an agent's row carries. */
        public String action() {
            return action;
        }
    }

    /**
     * The fields an update changes; a null field is left as it is. {@code clearRecurrence} ends the
     * recurrence (the agent sent {@code "recurrence": null}).
     */
    public record Changes(String prompt, Instant processAfter, String recurrence, boolean clearRecurrence) {
        public static final Changes NONE = new Changes(null, null, null, false);
    }

    /** The occurrence as it should be stored after the operation. */
    public static TaskRows.Task apply(TaskRows.Task t, Op op, Changes ch, ZoneId zone, Instant now) {
        return switch (op) {
            case PAUSE -> t.with("paused", t.processAfter(), t.recurrence(), t.content());
            case CANCEL -> t.with("cancelled", t.processAfter(), null, t.content());
            case RUN_NOW -> t.with("pending", Timestamps.format(now), t.recurrence(), t.content());
            case RESUME -> t.with("pending", resumedAt(t, zone, now), t.recurrence(), t.content());
            case UPDATE -> update(t, ch, zone, now);
        };
    }

    private static String resumedAt(TaskRows.Task t, ZoneId zone, Instant now) {
        boolean passed = t.processAfter() == null || !Timestamps.parse(t.processAfter()).isAfter(now);
        if (!passed || t.recurrence() == null) {
            return t.processAfter();
        }
        Optional<Instant> next;
        try {
            next = Recurrence.parse(t.recurrence()).nextAfter(now, zone);
        } catch (Recurrence.InvalidRecurrenceException e) {
            return t.processAfter();
        }
        return next.map(Timestamps::format).orElse(t.processAfter());
    }

    private static TaskRows.Task update(TaskRows.Task t, Changes ch, ZoneId zone, Instant now) {
        String recurrence = ch.clearRecurrence() ? null
                : ch.recurrence() != null ? Recurrence.parse(ch.recurrence()).expression() : t.recurrence();
        String processAfter = t.processAfter();
        if (ch.processAfter() != null) {
            processAfter = Timestamps.format(ch.processAfter());
        } else if (ch.recurrence() != null) {
            processAfter = Recurrence.parse(recurrence).nextAfter(now, zone).map(Timestamps::format).orElse(processAfter);
        }
        String content = t.content();
        if (ch.prompt() != null) {
            var node = Json.parse(t.content());
            var obj = node.isObject() ? (com.fasterxml.jackson.databind.node.ObjectNode) node : Json.object();
            obj.put("prompt", ch.prompt());
            content = Json.write(obj);
        }
        return t.with(t.status(), processAfter, recurrence, content);
    }

    /** When a new task first runs: its time if given, else the first slot of its recurrence, else now. */
    public static Instant firstRun(Instant processAfter, String recurrence, ZoneId zone, Instant now) {
        if (processAfter != null) {
            return processAfter;
        }
        if (recurrence != null) {
            return Recurrence.parse(recurrence).nextAfter(now, zone).orElseThrow(() ->
                    new Recurrence.InvalidRecurrenceException(recurrence, "never fires"));
        }
        return now;
    }
}
