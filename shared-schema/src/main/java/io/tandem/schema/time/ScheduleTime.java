package io.tandem.schema.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When a task should run, as an agent or operator writes it: ISO-8601 with an offset or {@code Z}
 * ({@code 2026-12-02T09:00:00+01:00}), or a local date-time without one ({@code 2026-12-02T09:00}),
 * which is read in the given zone (the group's {@code timezone}). A local time that falls into a
 * DST gap moves forward by the gap, one in the autumn overlap takes the earlier offset
 * ({@link java.time.ZonedDateTime#of} rules). Anything else is refused with a message naming it.
 */
public final class ScheduleTime {
    private ScheduleTime() {
    }

    public static Instant parse(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("invalid time '" + text + "': empty (want ISO-8601, e.g. 2026-12-02T09:00)");
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // not with an offset: try local
        }
        try {
            return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a local date-time: try a date
        }
        try {
            return LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid time '" + text + "': not ISO-8601 (want e.g. "
                    + "2026-12-02T09:00 in " + zone.getId() + ", or 2026-12-02T09:00:00+01:00)");
        }
    }
}
