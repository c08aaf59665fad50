package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.rows.OutboundMessage;

/**
 * One {@code messages_out} row after mapping: either {@link Valid} and deliverable, or
 * {@link Invalid} with the reason, which delivery records as a permanent failure so the rows after
 * it are not held up. {@link #key()} is the {@code delivered.message_out_id} the row settles under.
 */
sealed interface OutboundRow permits OutboundRow.Valid, OutboundRow.Invalid {

    /** The row's seq; {@code -1} when the stored value is not an integer. */
    long seq();

    /** The id the row is recorded under in {@code delivered} and {@code delivery_attempts}. */
    String key();

    /** The key of a row stored without an id (cannot collide: real ids never contain ':'). */
    static String keyWithoutId(long seq) {
        return "seq:" + seq;
    }

    /**
     * A deliverable row. {@code refSeq} is the seq an edit or reaction names, else null.
     */
    record Valid(OutboundMessage message, DeliveryOperation operation, JsonNode content, Long refSeq)
            implements OutboundRow {
        @Override
        public long seq() {
            return message.seq();
        }

        @Override
        public String key() {
            return message.id();
        }
    }

    /** A row that cannot be delivered as stored; {@code reason} names what is wrong. */
    record Invalid(String key, long seq, String reason) implements OutboundRow {
    }
}
