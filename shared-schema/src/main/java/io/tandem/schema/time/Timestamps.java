package io.tandem.schema.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format of every TEXT time column: ISO-8601 UTC with exactly three fraction
 * digits and {@code Z}. Fixed width, so text comparison in SQL is time comparison.
 * {@link Instant#toString()} is not this format (it drops zero fractions and prints nanos).
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** SQL expression that yields "now" in the same format. */
    public static final String SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String now(Clock clock) {
        return format(clock.instant());
    }

    public static Instant parse(String text) {
        try {
            return Instant.from(FORMAT.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a Tandem timestamp (want 2026-11-22T02:47:18.123Z): " + text, e);
        }
    }
}
