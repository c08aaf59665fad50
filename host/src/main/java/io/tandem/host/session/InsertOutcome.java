package io.tandem.host.session;

/** Where a message landed: its id and seq, and whether it was already there (a re-delivery). */
public record InsertOutcome(String id, long seq, boolean duplicate) {
}
