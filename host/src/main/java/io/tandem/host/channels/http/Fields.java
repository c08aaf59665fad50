package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bounded reads of request fields. Every string a client sends is length-checked here, before
 * anything is stored (a 1,000,000-character sender name must not reach {@code messages_in} or
 * {@code unregistered_senders}); the error names the field with its full path.
 */
final class Fields {
    /** Platform ids, sender ids and names, thread ids, question ids: 256 characters. */
    static final int MAX_ID = 256;
    /** Free-form short values (an action's value): 4096 characters. */
    static final int MAX_VALUE = 4096;

    private Fields() {
    }

    /** A string field that may be absent or null; at most {@code max} characters. */
    static String optional(JsonNode n, String field, String path, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw HttpError.invalidField(path, "must be a string");
        }
        String s = v.asText();
        if (s.codePointCount(0, s.length()) > max) {
            throw HttpError.invalidField(path, "must be at most " + max + " characters");
        }
        return s;
    }

    /** A required, non-blank string field of at most {@code max} characters. */
    static String required(JsonNode n, String field, String path, int max) {
        String s = optional(n, field, path, max);
        if (s == null || s.isBlank()) {
            throw HttpError.invalidField(path, "is required: a string of 1 to " + max + " characters");
        }
        return s;
    }

    static boolean optionalBoolean(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw HttpError.invalidField(field, "must be true or false");
        }
        return v.asBoolean();
    }
}
