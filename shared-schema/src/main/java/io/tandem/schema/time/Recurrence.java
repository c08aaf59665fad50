package io.tandem.schema.time;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A task's recurrence: a UNIX 5-field cron expression (cron-utils) read in one time zone (the
 * group's {@code timezone}, else the host's). Shared by the runner, which refuses a bad expression
 * when the agent schedules, and the host, which computes the next occurrence when one finishes.
 *
 * <p>Invariant: {@link #nextAfter} is strictly after the instant it is given, so a host that was
 * down for hours inserts one occurrence at the next slot after now, never one per missed slot
 * (no catch-up storm). Wall-clock times are resolved in the zone with its DST rules: a slot in a
 * spring-forward gap does not exist that day, a slot in the autumn overlap runs once.
 */
public final class Recurrence {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime execution;

    private Recurrence(String expression, ExecutionTime execution) {
        this.expression = expression;
        this.execution = execution;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws InvalidRecurrenceException naming the expression and what is wrong with it
     */
    public static Recurrence parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidRecurrenceException(expression, "empty (want 5 fields: minute hour day-of-month month day-of-week)");
        }
        String trimmed = expression.trim();
        if (trimmed.split("\\s+").length != 5) {
            throw new InvalidRecurrenceException(expression,
                    "has " + trimmed.split("\\s+").length + " fields, want 5 (minute hour day-of-month month day-of-week)");
        }
        try {
            Cron cron = PARSER.parse(trimmed).validate();
            return new Recurrence(trimmed, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecurrenceException(expression, e.getMessage());
        }
    }

    /** The expression as parsed (trimmed). */
    public String expression() {
        return expression;
    }

    /**
     * The first slot strictly after {@code now}, read in {@code zone}; empty if the expression
     * never fires again (e.g. 30 February).
     */
    public Optional<Instant> nextAfter(Instant now, ZoneId zone) {
        return execution.nextExecution(ZonedDateTime.ofInstant(now, zone))
                .map(ZonedDateTime::toInstant)
                .filter(next -> next.isAfter(now));
    }

    /** A cron expression that cannot be used; the message names it and the reason. */
    public static final class InvalidRecurrenceException extends IllegalArgumentException {
        private final String expression;

        public InvalidRecurrenceException(String expression, String reason) {
            super("invalid recurrence '" + expression + "': " + reason);
            this.expression = expression;
        }

        public String expression() {
            return expression;
        }
    }
}
