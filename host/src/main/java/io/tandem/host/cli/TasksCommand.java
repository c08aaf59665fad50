package io.tandem.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem tasks list|add|pause|resume|cancel|run-now}: scheduled and recurring tasks. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Scheduled tasks: list, add, pause, resume, cancel, run-now.")
public final class TasksCommand {
    static final String[] COLUMNS = {"id", "series_id", "session", "status", "next_run", "recurrence", "prompt"};

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List live tasks (--all: finished and cancelled ones too).")
    int list(@Mixin AdminOptions o, @Option(names = "--group", paramLabel = "G") String group,
             @Option(names = "--session", paramLabel = "S") String session,
             @Option(names = "--all", description = "include finished and cancelled occurrences") boolean all)
            throws Exception {
        return Verbs.list(o, Verbs.query("group", group, "session", session, "all", all ? "true" : null), COLUMNS,
                "tasks");
    }

    /** Exactly one of a time or a recurrence. */
    static final class When {
        @Option(names = "--at", paramLabel = "TIME", required = true,
                description = "ISO-8601 time; without an offset it is read in the session's time zone")
        String at;

        @Option(names = "--cron", paramLabel = "EXPR", required = true,
                description = "UNIX 5-field cron expression, in the session's time zone")
        String cron;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Schedule a task in a session.")
    int add(@Mixin AdminOptions o, @Option(names = "--session", paramLabel = "S", required = true) String session,
            @Option(names = "--prompt", paramLabel = "P", required = true) String prompt,
            @ArgGroup(exclusive = true, multiplicity = "1") When when) throws Exception {
        ObjectNode body = Json.object().put("session", session).put("prompt", prompt);
        if (when.at != null) {
            body.put("at", when.at);
        } else {
            body.put("cron", when.cron);
        }
        return Verbs.run(o, "POST", body, COLUMNS, "tasks");
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a task (task or series id).")
    int pause(@Mixin AdminOptions o, @Parameters(paramLabel = "TASK_OR_SERIES_ID") String id) throws Exception {
        return Verbs.run(o, "POST", null, COLUMNS, "tasks", id, "pause");
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused task.")
    int resume(@Mixin AdminOptions o, @Parameters(paramLabel = "TASK_OR_SERIES_ID") String id) throws Exception {
        return Verbs.run(o, "POST", null, COLUMNS, "tasks", id, "resume");
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a task and end its series.")
    int cancel(@Mixin AdminOptions o, @Parameters(paramLabel = "TASK_OR_SERIES_ID") String id) throws Exception {
        return Verbs.run(o, "POST", null, COLUMNS, "tasks", id, "cancel");
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true, description = "Make a task's next occurrence due now.")
    int runNow(@Mixin AdminOptions o, @Parameters(paramLabel = "TASK_OR_SERIES_ID") String id) throws Exception {
        return Verbs.run(o, "POST", null, COLUMNS, "tasks", id, "run-now");
    }
}
