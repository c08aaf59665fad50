package io.tandem.host.delivery;

/**
 * How handing one row to its handler ended. Every handler answers with exactly one of these, so
 * the recorder never guesses: {@link Delivered} settles the row with its platform id,
 * {@link Retry} schedules another attempt with backoff (up to {@code delivery.max_attempts}),
 * {@link Failed} settles it as failed at once, with a {@code delivery_failed} note.
 */
public sealed interface Outcome permits Outcome.Delivered, Outcome.Retry, Outcome.Failed {

    /** The row reached the platform; {@code platformMessageId} may be null for actions with none. */
    record Delivered(String platformMessageId) implements Outcome {
    }

    /** A transient error: a later attempt may succeed. */
    record Retry(String error) implements Outcome {
    }

    /** A permanent error: no attempt can succeed. */
    record Failed(String error) implements Outcome {
    }
}
