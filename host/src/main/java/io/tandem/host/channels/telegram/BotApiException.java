package io.tandem.host.channels.telegram;

/**
 * A failed Bot API call, already classified: {@code errorCode} is Telegram's {@code error_code}
 * (or 0 for a network failure), {@code retryAfter} the seconds a 429 asks to wait (0 otherwise).
 * The message never holds the bot token: every text that could carry the request URL is scrubbed
 * before it reaches this exception ({@link BotApi#scrub}).
 */
final class BotApiException extends RuntimeException {
    private final int errorCode;
    private final int retryAfter;

    BotApiException(String message, int errorCode, int retryAfter) {
        super(message);
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    int errorCode() {
        return errorCode;
    }

    int retryAfter() {
        return retryAfter;
    }

    /** 5xx, network failures and an exhausted 429: a later attempt may succeed. */
    boolean transientFailure() {
        return errorCode == 0 || errorCode == 429 || errorCode >= 500;
    }
}
