package io.tandem.host.questions;

import io.tandem.host.delivery.PendingQuestion;
import io.tandem.host.sweep.Expiry;
import java.time.Instant;
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

    /** One question to expire now. */
    public record Expire(PendingQuestion question, Expiry.Why why) {
    }

    /** The questions to expire now, in input order, and the earliest {@code expires_at} still ahead. */
    public record Decision(List<Expire> expire, Optional<Instant> nextDue) {
        public Decision {
            expire = List.copyOf(expire);
        }
    }

    /** The sweep's one expiry rule ({@link Expiry}) over questions. */
    public static Decision decide(List<PendingQuestion> pending, Instant now) {
        Expiry.Decision<PendingQuestion> d = Expiry.decide(pending, PendingQuestion::expiresAt, now);
        return new Decision(d.expire().stream().map(e -> new Expire(e.item(), e.why())).toList(), d.nextDue());
    }
}
