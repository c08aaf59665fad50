package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.WireValue;

/**
 * What delivering one {@code messages_out} row means (DESIGN 5.5): its kind, and for chat rows
 * the {@code operation} of its content. Each value has exactly one handler in
 * {@link DeliveryHandlers}; a row whose kind or operation maps to none fails visibly.
 */
public enum DeliveryOperation implements WireValue {
    CHAT("chat"),
    EDIT("edit"),
    REACTION("reaction"),
    CARD("card"),
    QUESTION("question"),
    SYSTEM("system");

    private final String wire;

    DeliveryOperation(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /**
     * The operation of a row of {@code kind} with {@code content}; {@code operation} is allowed on
     * chat rows only ({@code edit}, {@code reaction}). Throws with a message naming the bad value.
     */
    public static DeliveryOperation of(OutboundKind kind, JsonNode content) {
        JsonNode op = content.get("operation");
        boolean hasOp = op != null && !op.isNull();
        if (hasOp && kind != OutboundKind.CHAT) {
            throw new IllegalArgumentException("operation " + op + " is only allowed on chat rows, not on "
                    + kind.wire() + " rows");
        }
        return switch (kind) {
            case CHAT -> !hasOp ? CHAT : switch (op.asText()) {
                case "edit" -> EDIT;
                case "reaction" -> REACTION;
                default -> throw new IllegalArgumentException("unknown operation " + op + " (known: edit|reaction)");
            };
            case CARD -> CARD;
            case QUESTION -> QUESTION;
            case SYSTEM -> SYSTEM;
        };
    }
}
