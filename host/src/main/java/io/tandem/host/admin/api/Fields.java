package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.ids.InvalidIdException;
import io.tandem.schema.rows.WireValue;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request fields with refusals that name the field: a wrong type, a missing value, an id
 * that is not path-safe (DESIGN 1) or a value outside a shared-schema enum (listing the allowed
 * values). Every refusal is a 400.
 */
final class Fields {
    private Fields() {
    }

    static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return body;
    }

    /** Text of {@code field}, or null when absent or null; refused when not a string. */
    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return v.asText();
    }

    static String required(JsonNode body, String field) {
        String v = text(body, field);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        return v;
    }

    static Boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false");
        }
        return v.asBoolean();
    }

    static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw ApiException.badRequest(field + " must be an integer");
        }
        return v.asInt();
    }

    /** A path-safe id (DESIGN 1), refused with the rule it breaks. */
    static String safeId(String field, String value) {
        try {
            return Ids.requireSafe(field, value);
        } catch (InvalidIdException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Parses a shared-schema enum by its wire spelling; null stays null. */
    static <E extends Enum<E> & WireValue> E wire(Class<E> type, String field, String value) {
        if (value == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(value)) {
                return e;
            }
        }
        throw ApiException.badRequest(field + " '" + value + "' is not one of " + allowed(type));
    }

    static <E extends Enum<E> & WireValue> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireValue::wire).collect(Collectors.joining("|"));
    }

    /** Refuses fields this resource does not know, so a typo is not silently ignored. */
    static void only(JsonNode body, String... known) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (Arrays.stream(known).noneMatch(name::equals)) {
                throw ApiException.badRequest("unknown field " + name + " (known: " + String.join(", ", known) + ")");
            }
        }
    }
}
