package io.tandem.runner.store;

/**
 * A reply already in outbound.db for a message being retried: its seq and text, the text cut to
 * a bound ({@code truncated} then true) so a retry notice stays small whatever the agent wrote.
 */
public record EarlierReply(long seq, String text, boolean truncated) {
}
