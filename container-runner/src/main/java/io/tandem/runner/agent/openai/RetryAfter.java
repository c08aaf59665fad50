package io.tandem.runner.agent.openai;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a 429 asks us to wait: {@code Retry-After} in seconds or as an HTTP date (RFC 9110),
 * else OpenAI's {@code retry-after-ms}, else a doubling default. Pure function of the headers,
 * the attempt and {@code now}.
 */
public final class RetryAfter {
    static final Duration FIRST_DEFAULT = Duration.ofSeconds(1);

    private RetryAfter() {
    }

    public static Duration wait(Optional<String> retryAfter, Optional<String> retryAfterMs, int attempt, Instant now) {
        Optional<Duration> ms = retryAfterMs.flatMap(RetryAfter::millis);
        if (ms.isPresent()) {
            return ms.get();
        }
        Optional<Duration> header = retryAfter.flatMap(v -> seconds(v).or(() -> date(v, now)));
        return header.orElse(FIRST_DEFAULT.multipliedBy(1L << Math.min(attempt, 5)));
    }

    private static Optional<Duration> millis(String v) {
        try {
            double ms = Double.parseDouble(v.strip());
            return ms >= 0 && ms < 1e9 ? Optional.of(Duration.ofMillis((long) Math.ceil(ms))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String v) {
        try {
            double s = Double.parseDouble(v.strip());
            return s >= 0 && s < 1e7 ? Optional.of(Duration.ofMillis((long) Math.ceil(s * 1000))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> date(String v, Instant now) {
        try {
            Instant at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
