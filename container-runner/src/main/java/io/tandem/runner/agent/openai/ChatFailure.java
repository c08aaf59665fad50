package io.tandem.runner.agent.openai;

/**
 * A chat-completions call that did not give a usable answer: HTTP error, timeout, rate limit not
 * lifted in time, malformed response, bad configuration. The message is what the batch's
 * {@code done} reports as its error, so it names the cause and never contains the API key.
 */
public final class ChatFailure extends Exception {
    public ChatFailure(String message) {
        super(message);
    }

    public ChatFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
