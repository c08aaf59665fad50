package io.tandem.host.approvals.requests;

import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which pending approvals expire now and when to look next: a pure function of the open rows and
 * the clock, so the table of cases is tested without a host. An approval expires once
 * {@code now} reaches its {@code expires_at}; one without a parsable time never expires (and is
 * named, so the pass can log it) rather than expiring by accident.
 */
public final class ExpiryDecisions {
    private ExpiryDecisions() {
    }

    /** A pending approval and its {@code expires_at} as stored. */
    public record Open(String approvalId, String expiresAt) {
    }

    /** {@code expire}: ids to expire now; {@code nextAt}: the earliest later expiry, null when none; {@code unreadable}: ids whose time cannot be read. */
    public record Decision(List<String> expire, Instant nextAt, List<String> unreadable) {
    }

    public static Decision decide(List<Open> open, Instant now) {
        List<String> expire = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Instant next = null;
        for (Open o : open) {
            if (o.expiresAt() == null) {
                continue; // no expiry
            }
            Instant at = parse(o.expiresAt());
            if (at == null) {
                unreadable.add(o.approvalId());
            } else if (isExpired(at, now)) {
                expire.add(o.approvalId());
            } else if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return new Decision(List.copyOf(expire), next, List.copyOf(unreadable));
    }

    /** Whether an approval expiring at {@code expiresAt} (null: never) is expired at {@code now}. */
    public static boolean isExpired(Instant expiresAt, Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
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
