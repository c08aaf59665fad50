package io.tandem.host.delivery;

import java.util.List;
import java.util.Set;

/**
 * {@code delivery_progress.settled_through}: every {@code messages_out} row with a seq at or below
 * it is settled. The runner mints outbound seq in increasing order and commits in that order, so a
 * row can never appear below a mark once every row up to it was seen settled. Pure.
 */
final class Watermark {
    private Watermark() {
    }

    /**
     * Moves {@code start} past the leading run of settled rows of a page read in seq order from
     * {@code start}; stops at the first unsettled one. Rows whose seq is not an integer
     * ({@code -1}) are ignored.
     */
    static long advance(long start, List<Long> pageSeqs, Set<Long> settled) {
        long mark = start;
        for (long seq : pageSeqs) {
            if (seq <= mark) {
                continue;
            }
            if (!settled.contains(seq)) {
                break;
            }
            mark = seq;
        }
        return mark;
    }
}
