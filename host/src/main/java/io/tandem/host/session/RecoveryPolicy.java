package io.tandem.host.session;

import io.tandem.schema.rows.MessageStatus;
import io.tandem.schema.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What recovery does with messages whose runner died while they were {@code processing}
 * (DESIGN 5.6). A pure function of the rows, the clock and the limit, so it is tested without
 * processes: give up ({@code failed}) once {@code tries + 1 >= maxTries}, else retry after
 * {@code 5 s * 2^tries} with {@code tries + 1}, which supersedes the old ack.
 */
public final class RecoveryPolicy {
    public static final Duration BASE_BACKOFF = Duration.ofSeconds(5);

    private RecoveryPolicy() {
    }

    /** A pending row with a {@code processing} ack of its current attempt. */
    public record Stuck(String id, int tries) {
    }

    /** The row's new state: {@code failed}, or {@code pending} with more tries and a later time. */
    public record Decision(String id, int expectedTries, MessageStatus status, int tries, String processAfter) {
    }

    public static List<Decision> decide(List<Stuck> stuck, Instant now, int maxTries) {
        return stuck.stream().map(s -> {
            if (s.tries() + 1 >= maxTries) {
                return new Decision(s.id(), s.tries(), MessageStatus.FAILED, s.tries(), null);
            }
            Duration backoff = BASE_BACKOFF.multipliedBy(1L << Math.min(s.tries(), 20));
            return new Decision(s.id(), s.tries(), MessageStatus.PENDING, s.tries() + 1, Timestamps.format(now.plus(backoff)));
        }).toList();
    }
}
