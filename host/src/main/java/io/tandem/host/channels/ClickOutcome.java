package io.tandem.host.channels;

/**
 * What became of an {@link ActionClick}. A channel shows {@link Answered#message()} to the clicker
 * (a toast, an HTTP body) and maps a {@link Refused} to its own error form (HTTP status by
 * {@link Refusal}, a Telegram callback answer with the message).
 */
public sealed interface ClickOutcome {
    /** The click counted; {@code message} is a short confirmation for the clicker. */
    record Answered(String message) implements ClickOutcome {
    }

    /** The click did nothing; {@code message} says why in words a person understands. */
    record Refused(Refusal refusal, String message) implements ClickOutcome {
    }

    /** Why a click was refused; each maps to one HTTP status on the http channel. */
    enum Refusal {
        /** No such question or approval in this chat (404). */
        NOT_FOUND(404),
        /** Someone answered it already (409). */
        ALREADY_ANSWERED(409),
        /** It expired before the click (410). */
        EXPIRED(410),
        /** The clicker may not answer it (403). */
        FORBIDDEN(403),
        /** The value is not one of the options (400). */
        INVALID(400);

        private final int httpStatus;

        Refusal(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }
}
