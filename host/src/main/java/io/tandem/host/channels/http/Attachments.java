package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.InboxFile;
import io.tandem.schema.ids.Ids;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates and decodes {@code "attachments":[{"name","type","data"}]} of a posted message
 * completely before anything is written: a refusal names the attachment by index and name, and a
 * request refused here leaves no file and no row behind.
 *
 * <p>Rules: at most {@value #MAX_COUNT} files; {@code name} path-safe per DESIGN §1
 * ({@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}, not {@code .} or {@code ..}: no separators, no leading
 * dot, no NUL, no traversal) and unique within the message, ignoring case (so two names cannot
 * collide on a case-insensitive file system); {@code type} optional (default
 * {@value #DEFAULT_TYPE}), at most {@value #MAX_TYPE} printable characters; {@code data} standard
 * base64 (RFC 4648, no line breaks); the decoded total at most {@code maxTotal} bytes
 * ({@code adapters.http.max_body}), else 413.
 */
final class Attachments {
    static final int MAX_COUNT = 100;
    static final int MAX_TYPE = 256;
    static final String DEFAULT_TYPE = "application/octet-stream";

    private Attachments() {
    }

    /** The decoded attachments of body {@code n} (empty when the field is absent, null or []). */
    static List<InboxFile> parse(JsonNode n, long maxTotal) {
        JsonNode arr = n.get("attachments");
        if (arr == null || arr.isNull()) {
            return List.of();
        }
        if (!arr.isArray()) {
            throw HttpError.invalidField("attachments", "must be an array of {\"name\",\"type\",\"data\"}");
        }
        if (arr.size() > MAX_COUNT) {
            throw HttpError.invalidField("attachments", "must hold at most " + MAX_COUNT + " files, not " + arr.size());
        }
        List<InboxFile> files = new ArrayList<>(arr.size());
        Map<String, Integer> seen = new HashMap<>();
        long total = 0;
        for (int i = 0; i < arr.size(); i++) {
            InboxFile f = one(arr.get(i), i);
            Integer earlier = seen.putIfAbsent(f.name().toLowerCase(Locale.ROOT), i);
            if (earlier != null) {
                throw HttpError.invalidField(label(i, f.name()), "has the same name as attachments[" + earlier
                        + "]; names must be unique within a message (ignoring case)");
            }
            total += f.data().length;
            if (total > maxTotal) {
                throw new HttpError(413, "payload_too_large", label(i, f.name()) + " brings the attachments to "
                        + total + " bytes, over adapters.http.max_body (" + maxTotal + " bytes)");
            }
            files.add(f);
        }
        return List.copyOf(files);
    }

    private static InboxFile one(JsonNode a, int i) {
        String at = "attachments[" + i + "]";
        if (a == null || !a.isObject()) {
            throw HttpError.invalidField(at, "must be an object {\"name\",\"type\",\"data\"}");
        }
        JsonNode nameNode = a.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw HttpError.invalidField(at + ".name", "is required and must be a string");
        }
        String name = nameNode.asText();
        if (!Ids.isSafe(name)) {
            throw HttpError.invalidField(label(i, name) + " name", "is not a safe file name: it must match "
                    + "[A-Za-z0-9][A-Za-z0-9._-]{0,127} (1 to 128 characters, no path separator, no leading dot, "
                    + "not . or ..)");
        }
        String type = DEFAULT_TYPE;
        JsonNode typeNode = a.get("type");
        if (typeNode != null && !typeNode.isNull()) {
            if (!typeNode.isTextual() || typeNode.asText().isBlank() || typeNode.asText().length() > MAX_TYPE
                    || typeNode.asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw HttpError.invalidField(label(i, name) + " type", "must be a media type of 1 to " + MAX_TYPE
                        + " printable characters, e.g. text/plain");
            }
            type = typeNode.asText();
        }
        JsonNode dataNode = a.get("data");
        if (dataNode == null || !dataNode.isTextual()) {
            throw HttpError.invalidField(label(i, name) + " data", "is required: the file's bytes in base64");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(dataNode.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.invalidField(label(i, name) + " data", "is not valid base64 (RFC 4648 standard "
                    + "alphabet, no line breaks): " + e.getMessage());
        }
        return new InboxFile(name, type, data);
    }

    /** {@code attachments[i] 'name'}, the name made printable and cut to 64 characters. */
    private static String label(int i, String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(64).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(c == 0 ? "\\0" : "?");
            } else {
                b.appendCodePoint(c);
            }
        });
        if (name.codePointCount(0, name.length()) > 64) {
            b.append('…');
        }
        return "attachments[" + i + "] '" + b + "'";
    }
}
