package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;

/**
 * One stored event of a chat's log in its Server-Sent Events form ({@code id:} cursor,
 * {@code event:} type, {@code data:} the event JSON). Built once per event and written to every
 * stream of the chat, so fanning out costs no parse per stream.
 */
record SseEvent(long cursor, String frame) {
    /** Parses a stored event (its {@code cursor} and {@code type} fields) into a frame. */
    static SseEvent of(String json) {
        JsonNode n = Json.parse(json);
        long cursor = n.path("cursor").asLong(-1);
        if (cursor < 0) {
            throw new IllegalStateException("stored http event has no cursor");
        }
        String type = n.path("type").asText("message");
        return new SseEvent(cursor, "id: " + cursor + "\nevent: " + type + "\n" + data(json) + "\n");
    }

    /** An ephemeral frame: no {@code id:} line, so it moves no client's resume point. */
    static String ephemeral(String type, String json) {
        return "event: " + type + "\n" + data(json) + "\n";
    }

    /** {@code data:} lines; stored JSON is one line, but a line break must never end the frame early. */
    private static String data(String json) {
        StringBuilder b = new StringBuilder();
        for (String line : json.split("\r\n|\r|\n", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        return b.toString();
    }
}
