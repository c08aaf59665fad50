package io.tandem.host.messages;

import io.tandem.schema.ids.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a tail has got to, per session and per file: the last inbound (even) and outbound (odd)
 * seq shown. Two numbers, not one, because the two writers commit independently: the host may
 * commit seq 10 after the runner committed 11, so one "after 11" would skip 10 for good. Within
 * one file seq grows in commit order, so "after the last one shown" never skips a row.
 *
 * <p>Written as {@code SESSION:IN:OUT} joined by {@code ,} (ids never hold {@code :} or
 * {@code ,}); a session not named starts from its beginning.
 */
public record TailCursor(Map<String, Position> sessions) {
    /** The last seq shown of each file of one session (0: none yet). */
    public record Position(long in, long out) {
        public static final Position START = new Position(0, 0);
    }

    public static final TailCursor EMPTY = new TailCursor(Map.of());

    public TailCursor {
        sessions = Map.copyOf(sessions);
    }

    public Position of(String session) {
        return sessions.getOrDefault(session, Position.START);
    }

    /** Parses {@link #format}'s text; a clear error naming {@code after} when it is not one. */
    public static TailCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Map<String, Position> m = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] f = part.split(":");
            if (f.length != 3 || !Ids.isSafe(f[0])) {
                throw new IllegalArgumentException("after '" + text + "' is not a tail cursor (SESSION:IN:OUT,...)");
            }
            try {
                m.put(f[0], new Position(Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("after '" + text + "' is not a tail cursor (SESSION:IN:OUT,...)");
            }
        }
        return new TailCursor(m);
    }

    public String format() {
        return sessions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + e.getValue().in() + ":" + e.getValue().out())
                .collect(Collectors.joining(","));
    }

    public TailCursor with(String session, Position p) {
        Map<String, Position> m = new LinkedHashMap<>(sessions);
        m.put(session, p);
        return new TailCursor(m);
    }
}
