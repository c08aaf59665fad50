package io.tandem.host.questions;

import java.util.Locale;
import java.util.Optional;

/**
 * What became of a question that is no longer pending, remembered in central adapter state after
 * its {@code pending_questions} row is deleted, so a later click is told why ({@code 409} for an
 * answered one, {@code 410} for an expired one) rather than {@code 404}.
 */
enum QuestionMark {
    ANSWERED,
    EXPIRED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mark stored as {@code value}; empty for anything else (a hidden {@code unclaimed} mark). */
    static Optional<QuestionMark> of(String value) {
        for (QuestionMark m : values()) {
            if (m.wire().equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
