package io.tandem.schema.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    private static final Pattern FORMAT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-11-22T02:47:18Z, 2026-11-22T02:47:18.000Z",
        "2026-11-22T02:47:18.100Z, 2026-11-22T02:47:18.100Z",
        "2026-11-22T02:47:18.123Z, 2026-11-22T02:47:18.123Z",
        "2026-11-22T02:47:18.123999999Z, 2026-11-22T02:47:18.123Z",
        "2026-11-22T02:47:18.000999Z, 2026-11-22T02:47:18.000Z",
        "2026-12-31T23:59:59.999999999Z, 2026-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000Z"})
    void formatAlwaysPrintsExactlyMillisTruncatedNotRounded(String instant, String expected) {
        String text = Timestamps.format(Instant.parse(instant));
        assertThat(text).isEqualTo(expected).matches(FORMAT);
    }

    @Test
    void nowReadsTheGivenClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T02:47:18.5Z"), ZoneOffset.ofHours(9));
        assertThat(Timestamps.now(clock)).isEqualTo("2026-11-22T02:47:18.500Z");
    }

    @Test
    void parseRoundTripsEveryFormattedInstantAtMillisecondPrecision() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            Instant t = randomInstant(random);
            String text = Timestamps.format(t);
            assertThat(text).matches(FORMAT);
            assertThat(Timestamps.parse(text)).isEqualTo(t.truncatedTo(ChronoUnit.MILLIS));
            assertThat(Timestamps.format(Timestamps.parse(text))).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T02:47:18Z", "2026-11-22T02:47:18.123456Z", "2026-11-22T02:47:18.123+00:00",
        "2026-11-22 02:47:18.123Z", "2026-11-22T02:47:18.12Z", "yesterday", ""})
    void parseRefusesAnythingButTheOneFormat(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Tandem timestamp");
    }

    @Test
    void sqlNowEvaluatedBySqliteHasTheSameFormatAndIsNow() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String text = Sql.one(c, "SELECT " + Timestamps.SQL_NOW, rs -> rs.getString(1)).orElseThrow();
            Instant after = Instant.now();
            assertThat(text).matches(FORMAT);
            Instant parsed = Timestamps.parse(text);
            assertThat(parsed).isBetween(before.minus(Duration.ofSeconds(1)), after.plus(Duration.ofSeconds(1)));
            // and it compares as text against Java-written values
            assertThat(Sql.longValue(c, "SELECT " + Timestamps.SQL_NOW + " > ?",
                    Timestamps.format(before.minus(Duration.ofSeconds(2))))).isEqualTo(1);
        }
    }

    @Test
    void textOrderEqualsTimeOrder() {
        Random random = new Random(7);
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Instant t = randomInstant(random);
            instants.add(t);
            instants.add(t.plusMillis(1 + random.nextInt(3)));
            instants.add(t.plusNanos(random.nextInt(1_000_000)));
        }
        List<Instant> byTime = instants.stream().map(t -> t.truncatedTo(ChronoUnit.MILLIS))
                .sorted().toList();
        List<Instant> byText = instants.stream().map(Timestamps::format).sorted(Comparator.naturalOrder())
                .map(Timestamps::parse).toList();
        assertThat(byText).isEqualTo(byTime);
        for (int i = 0; i + 1 < instants.size(); i++) {
            Instant a = instants.get(i).truncatedTo(ChronoUnit.MILLIS);
            Instant b = instants.get(i + 1).truncatedTo(ChronoUnit.MILLIS);
            assertThat(Integer.signum(Timestamps.format(a).compareTo(Timestamps.format(b))))
                    .isEqualTo(Integer.signum(a.compareTo(b)));
        }
    }

    private static Instant randomInstant(Random random) {
        long from = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        return Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
    }
}
