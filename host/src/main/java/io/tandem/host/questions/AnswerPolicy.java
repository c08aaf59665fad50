package io.tandem.host.questions;

import io.tandem.host.channels.ClickOutcome.Refusal;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a click answers a pending question (DESIGN 5.7), as a pure function of what the caller
 * looked up and {@code now}. The order of the checks is the contract: a question that is gone is
 * 404 (or 409 when it was answered, 410 when it expired), one in another chat is 404 (a chat cannot even learn that it
 * exists), an expired one 410, a clicker who may not talk to the agent in that chat 403, and only
 * then is the value checked (400).
 */
public final class AnswerPolicy {
    private AnswerPolicy() {
    }

    /**
     * What was looked up for one click.
     *
     * @param pending     the question is still pending
     * @param answered    the question was pending once and has been answered
     * @param expired     the question was pending once and has been expired (no answer was given)
     * @param sameChat    the click came from the chat the question was asked in
     * @param expiresAt   when the pending question expires (null: never)
     * @param mayTalk     the clicker may talk to the asking agent in that chat ({@code SenderAccess})
     * @param valueOffered the clicked value is one of the question's option values
     */
    public record Facts(boolean pending, boolean answered, boolean expired, boolean sameChat, Instant expiresAt,
                        boolean mayTalk, boolean valueOffered) {
    }

    /** Empty when the click answers the question; else why it does not. */
    public static Optional<Refusal> decide(Facts f, Instant now) {
        if (!f.pending()) {
            if (f.expired()) {
                return Optional.of(Refusal.EXPIRED);
            }
            return Optional.of(f.answered() ? Refusal.ALREADY_ANSWERED : Refusal.NOT_FOUND);
        }
        if (!f.sameChat()) {
            return Optional.of(Refusal.NOT_FOUND);
        }
        if (f.expiresAt() != null && !now.isBefore(f.expiresAt())) {
            return Optional.of(Refusal.EXPIRED);
        }
        if (!f.mayTalk()) {
            return Optional.of(Refusal.FORBIDDEN);
        }
        if (!f.valueOffered()) {
            return Optional.of(Refusal.INVALID);
        }
        return Optional.empty();
    }
}
