package io.tandem.host.approvals.requests;

import io.tandem.host.sweep.Expiry;
import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * Which pending approvals expire now and when to look next: the sweep's one expiry rule
 * ({@link Expiry}, shared with agents' questions) over the open rows, so the table of cases is
 * tested without a host. An approval expires once {@code now} reaches its {@code expires_at}; one
 * whose time cannot be read expires too (named, so the pass logs it) rather than staying open.
 */
public final class ExpiryDecisions {
    private ExpiryDecisions() {
    }

    /** A pending approval and its {@code expires_at} as stored. */
    public record Open(String approvalId, String expiresAt) {
    }

    /**
     * {@code expire}: ids to expire now (an unreadable time included); {@code nextAt}: the earliest
     * later expiry, null when none; {@code unreadable}: the ids among them whose time cannot be read.
     */
    public record Decision(List<String> expire, Instant nextAt, List<String> unreadable) {
    }

    /** The sweep's one expiry rule ({@link Expiry}) over approvals. */
    public static Decision decide(List<Open> open, Instant now) {
        Expiry.Decision<Open> d = Expiry.decide(open, Open::expiresAt, now);
        return new Decision(d.expire().stream().map(e -> e.item().approvalId()).toList(), d.nextDue().orElse(null),
                d.expire().stream().filter(e -> e.why() == Expiry.Why.UNPARSABLE).map(e -> e.item().approvalId())
                        .toList());
    }

    /** Whether an approval expiring at {@code expiresAt} (null: never) is expired at {@code now}. */
    public static boolean isExpired(Instant expiresAt, Instant now) {
        return Expiry.isExpired(expiresAt, now);
    }

    static Instant parse(String expiresAt) {
        if (expiresAt == null) {
            return null;
        }
        try {
            return Timestamps.parse(expiresAt);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
