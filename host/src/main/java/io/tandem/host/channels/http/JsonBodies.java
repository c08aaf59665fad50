package io.tandem.host.channels.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.IOException;

/**
 * The one JSON parse of request bodies on the http channel: exactly one JSON object, nothing after
 * it. {@code {…} junk} and {@code {…}{…}} are refused with {@code invalid_json}, so a client never
 * has half of what it sent silently ignored.
 */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** Parses {@code body} as one JSON object, else throws {@code 400 invalid_json}. */
    public static JsonNode object(String body) {
        JsonNode n;
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            n = Json.MAPPER.readTree(p);
            trailing(p);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "invalid_json", "body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new HttpError(400, "invalid_json", "body cannot be read as JSON");
        }
        if (n == null || n.isMissingNode() || !n.isObject()) {
            throw new HttpError(400, "invalid_json", "body must be a JSON object");
        }
        return n;
    }

    /** Refuses anything but whitespace after the first value ({@code {…} junk}, {@code {…}{…}}). */
    private static void trailing(JsonParser p) {
        long at = p.currentLocation().getCharOffset();
        boolean more;
        try {
            more = p.nextToken() != null;
        } catch (IOException e) {
            more = true;
        }
        if (more) {
            throw new HttpError(400, "invalid_json", "body has data after the JSON object (from character " + at
                    + "); send exactly one JSON object");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
