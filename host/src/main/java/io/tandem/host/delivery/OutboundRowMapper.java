package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.time.Timestamps;

/**
 * Maps one {@link RawOutbound} to an {@link OutboundRow}, never throwing: whatever is wrong with
 * the row (no id, wrong parity, unknown kind or operation, content that is not a JSON object, a
 * field an operation needs) becomes {@link OutboundRow.Invalid} with a reason naming it. One bad
 * row therefore fails visibly instead of blocking every row after it (issue 5, bug 5).
 */
final class OutboundRowMapper {

    OutboundRow map(RawOutbound raw) {
        long seq = raw.seq() instanceof Number n ? n.longValue() : -1L;
        String key = raw.id() != null ? raw.id() : OutboundRow.keyWithoutId(seq);
        if (raw.id() == null) {
            return new OutboundRow.Invalid(key, seq, "messages_out row with seq " + raw.seq() + " has no id");
        }
        if (!(raw.seq() instanceof Number)) {
            return new OutboundRow.Invalid(key, seq, "messages_out row " + raw.id() + " has seq '" + raw.seq()
                    + "', not an integer");
        }
        try {
            return valid(raw, seq);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new OutboundRow.Invalid(key, seq, "messages_out row " + raw.id() + " (seq " + seq
                    + ") cannot be delivered: " + why);
        }
    }

    private static OutboundRow.Valid valid(RawOutbound raw, long seq) {
        OutboundKind kind = OutboundKind.fromWire(raw.kind());
        OutboundMessage m = new OutboundMessage(raw.id(), seq, raw.inReplyTo(), raw.timestamp(), raw.deliverAfter(),
                kind, raw.platformId(), raw.channelType(), raw.threadId(), raw.content());
        if (raw.deliverAfter() != null) {
            Timestamps.parse(raw.deliverAfter());
        }
        if (raw.content() == null) {
            throw new IllegalArgumentException("content is missing");
        }
        JsonNode content = Json.parse(raw.content());
        if (content == null || !content.isObject()) {
            throw new IllegalArgumentException("content is not a JSON object");
        }
        DeliveryOperation op = DeliveryOperation.of(kind, content);
        Long refSeq = null;
        switch (op) {
            case EDIT -> {
                refSeq = refSeq(content);
                requireText(content, "text");
            }
            case REACTION -> {
                refSeq = refSeq(content);
                requireText(content, "emoji");
            }
            case QUESTION -> {
                String id = Json.text(content, "question_id");
                if (id == null || !Ids.isSafe(id)) {
                    throw new IllegalArgumentException("question_id " + (id == null ? "is missing" : "'" + id
                            + "' is not a valid id"));
                }
                JsonNode options = content.get("options");
                if (options == null || !options.isArray() || options.isEmpty()) {
                    throw new IllegalArgumentException("question options must be a non-empty array");
                }
            }
            default -> {
            }
        }
        return new OutboundRow.Valid(m, op, content, refSeq);
    }

    private static long refSeq(JsonNode content) {
        JsonNode s = content.get("seq");
        if (s == null || !s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() <= 0) {
            throw new IllegalArgumentException(content.path("operation").asText() + " needs a positive integer seq, got "
                    + s);
        }
        return s.asLong();
    }

    private static void requireText(JsonNode content, String field) {
        JsonNode v = content.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(content.path("operation").asText() + " needs a text field '" + field
                    + "'");
        }
    }
}
