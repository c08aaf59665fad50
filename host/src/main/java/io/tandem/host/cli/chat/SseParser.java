package io.tandem.host.cli.chat;

import java.util.Optional;

/**
 * The event-stream line format of the HTML Server-Sent Events specification, fed one line at a
 * time (the line terminator already removed; {@link java.net.http.HttpResponse.BodyHandlers#ofLines}
 * splits on CR, LF and CRLF as the format requires). A blank line dispatches the event collected
 * since the last one; comment lines (a leading colon, the server's heartbeat) and unknown fields
 * are ignored; an event without {@code data} is not dispatched. As the specification says, an
 * {@code id:} line fills a buffer that becomes the last event id only when its event ends (blank
 * line), and the last event id persists across events: so it is what a reconnect sends as
 * {@code Last-Event-ID}, and the id of an event cut off by a dropped connection is never taken
 * (resuming after it would lose that event). Not thread-safe: one parser per connection reader.
 */
public final class SseParser {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type;
    private String idBuffer;
    private String lastEventId;
    private Long retryMillis;

    /** A parser that resumes after {@code lastEventId} (null for a fresh stream). */
    public SseParser(String lastEventId) {
        this.lastEventId = lastEventId;
        this.idBuffer = lastEventId;
    }

    /** Takes one line; returns the event a blank line dispatches. */
    public Optional<SseEvent> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> type = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() <= 18) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored by the specification
            }
        }
        return Optional.empty();
    }

    /** Drops a half-received event (and its id), as at the end of a connection; the last event id stays. */
    public void reset() {
        clear();
        idBuffer = lastEventId;
    }

    private void clear() {
        data.setLength(0);
        hasData = false;
        type = null;
    }

    /** The id a reconnect sends as {@code Last-Event-ID}; null or empty when there is none. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the server asked for with {@code retry:}, if it did. */
    public Optional<Long> retryMillis() {
        return Optional.ofNullable(retryMillis);
    }

    private Optional<SseEvent> dispatch() {
        lastEventId = idBuffer;
        if (!hasData) {
            clear();
            return Optional.empty();
        }
        SseEvent e = new SseEvent(lastEventId, type == null || type.isEmpty() ? "message" : type, data.toString());
        clear();
        return Optional.of(e);
    }
}
