package io.tandem.host.session;

import io.tandem.schema.rows.MessageStatus;
import io.tandem.schema.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What recovery does with messages whose runner died while they were {@code processing}
 * (DESIGN 5.6), and with messages whose current attempt the runner acked {@code failed} (the agent
 * said {@code done} failed, or the runner failed the batch: issue 8 retries those the same way). A
 * pure function of the rows, the clock and the limit, so it is tested without processes: give up
 * ({@code failed}) once {@code tries + 1 >= maxTries}, else retry after {@code 5 s * 2^tries} with
 * {@code tries + 1}, which supersedes the old ack (the runner then sees no ack of the new attempt
 * and hands the row to the agent again, with its {@code retry} note).
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

    /** A pending row whose current attempt the runner acked {@code failed}, with the ack's error. */
    public record FailedAttempt(String id, long seq, int tries, String error) {
    }

    /** What happens to a failed attempt's row; {@code seq} and {@code error} are kept for the log. */
    public record Retry(Decision decision, long seq, String error) {
    }

    public static List<Decision> decide(List<Stuck> stuck, Instant now, int maxTries) {
        return stuck.stream().map(s -> decideOne(s.id(), s.tries(), now, maxTries)).toList();
    }

    /** Failed attempts get the same budget and backoff as rows a dead runner left behind. */
    public static List<Retry> decideFailed(List<FailedAttempt> failed, Instant now, int maxTries) {
        return failed.stream().map(f -> new Retry(decideOne(f.id(), f.tries(), now, maxTries), f.seq(), f.error()))
                .toList();
    }

    private static Decision decideOne(String id, int tries, Instant now, int maxTries) {
        if (tries + 1 >= maxTries) {
            return new Decision(id, tries, MessageStatus.FAILED, tries, null);
        }
        Duration backoff = BASE_BACKOFF.multipliedBy(1L << Math.min(tries, 20));
        return new Decision(id, tries, MessageStatus.PENDING, tries + 1, Timestamps.format(now.plus(backoff)));
    }
}
