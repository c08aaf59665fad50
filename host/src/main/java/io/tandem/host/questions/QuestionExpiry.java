package io.tandem.host.questions;

import io.tandem.host.delivery.PendingQuestion;
import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which pending questions expire now (DESIGN 5.7), as a pure function of the rows read and
 * {@code now}: a question whose {@code expires_at} is at or before {@code now} expires (the same
 * boundary {@link AnswerPolicy} applies to a click, so a click refused 410 and an expiry agree);
 * one whose {@code expires_at} cannot be read expires too, so a damaged row never stays pending
 * for ever (the caller logs it); one without {@code expires_at} never expires. The earliest later
 * {@code expires_at} is when the next one is due, so the caller can arm a timer for it.
 */
public final class QuestionExpiry {
    private QuestionExpiry() {
    }

    /** Why a question expires now. */
    public enum Why {
        /** {@code expires_at} is at or before now. */
        PAST,
        /** {@code expires_at} is not a Tandem timestamp. */
        UNPARSABLE
    }

    /** One question to expire now. */
    public record Expire(PendingQuestion question, Why why) {
    }

    /** The questions to expire now, in input order, and the earliest {@code expires_at} still ahead. */
    public record Decision(List<Expire> expire, Optional<Instant> nextDue) {
        public Decision {
            expire = List.copyOf(expire);
        }
    }

    public static Decision decide(List<PendingQuestion> pending, Instant now) {
        List<Expire> expire = new ArrayList<>();
        Instant next = null;
        for (PendingQuestion q : pending) {
            if (q.expiresAt() == null) {
                continue;
            }
            Instant at;
            try {
                at = Timestamps.parse(q.expiresAt());
            } catch (IllegalArgumentException e) {
                expire.add(new Expire(q, Why.UNPARSABLE));
                continue;
            }
            if (!now.isBefore(at)) {
                expire.add(new Expire(q, Why.PAST));
            } else if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return new Decision(expire, Optional.ofNullable(next));
    }
}
