package io.tandem.host.sweep;

import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one expiry rule of the sweep (issue 9), shared by agents' questions and agents' approval
 * requests: an item with an {@code expires_at} expires at or after it (the boundary a click
 * uses, so a click and the expiry pass never disagree); an {@code expires_at} that is not a
 * Tandem timestamp expires too (the pass logs it: a card nobody can tell the age of must not stay
 * open for ever); none never expires. Pure: the items, the time, out what expires and when the
 * next one is due, so the pass arms one timer for it.
 */
public final class Expiry {
    private Expiry() {
    }

    /** Why an item expires now. */
    public enum Why {
        /** {@code expires_at} is at or before now. */
        PAST,
        /** {@code expires_at} is not a Tandem timestamp. */
        UNPARSABLE
    }

    /** One item to expire now. */
    public record Due<T>(T item, Why why) {
    }

    /** The items to expire now, in input order, and the earliest {@code expires_at} still ahead. */
    public record Decision<T>(List<Due<T>> expire, Optional<Instant> nextDue) {
        public Decision {
            expire = List.copyOf(expire);
        }
    }

    public static <T> Decision<T> decide(List<T> items, Function<T, String> expiresAt, Instant now) {
        List<Due<T>> expire = new ArrayList<>();
        Instant next = null;
        for (T item : items) {
            String text = expiresAt.apply(item);
            if (text == null) {
                continue;
            }
            Instant at;
            try {
                at = Timestamps.parse(text);
            } catch (RuntimeException e) {
                expire.add(new Due<>(item, Why.UNPARSABLE));
                continue;
            }
            if (isExpired(at, now)) {
                expire.add(new Due<>(item, Why.PAST));
            } else if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return new Decision<>(expire, Optional.ofNullable(next));
    }

    /** Whether something expiring at {@code expiresAt} (null: never) is expired at {@code now}. */
    public static boolean isExpired(Instant expiresAt, Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
