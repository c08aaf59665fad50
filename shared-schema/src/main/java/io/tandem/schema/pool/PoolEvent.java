package io.tandem.schema.pool;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.util.Objects;

/**
 * One line from a shared runner JVM to the host. {@code ready} carries the JVM's pid;
 * {@code exited} a session, its exit code and reason (the runner's exit codes, so the host treats
 * it exactly like a runner process of its own exiting); {@code refused} the session (if known)
 * and the error.
 */
public record PoolEvent(PoolEventKind event, String session, Integer code, String reason, Long pid) {
    public PoolEvent {
        Objects.requireNonNull(event, "event");
        if (event == PoolEventKind.EXITED && (session == null || code == null)) {
            throw new IllegalArgumentException("exited needs session and code");
        }
    }

    public static PoolEvent ready(long pid) {
        return new PoolEvent(PoolEventKind.READY, null, null, null, pid);
    }

    public static PoolEvent exited(String session, int code, String reason) {
        return new PoolEvent(PoolEventKind.EXITED, session, code, reason, null);
    }

    public static PoolEvent refused(String session, String error) {
        return new PoolEvent(PoolEventKind.REFUSED, session, null, error, null);
    }

    public String toLine() {
        var o = Json.object();
        o.put("event", event.wire());
        if (session != null) {
            o.put("session", session);
        }
        if (code != null) {
            o.put("code", code);
        }
        if (reason != null) {
            o.put("reason", reason);
        }
        if (pid != null) {
            o.put("pid", pid);
        }
        return o.toString();
    }

    /** Parses one line; throws {@link IllegalArgumentException} naming what is wrong. */
    public static PoolEvent parse(String line) {
        JsonNode n = Json.parse(line);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a pool event must be a JSON object");
        }
        String kind = Json.text(n, "event");
        if (kind == null) {
            throw new IllegalArgumentException("event is missing");
        }
        JsonNode code = n.get("code");
        JsonNode pid = n.get("pid");
        return new PoolEvent(PoolEventKind.fromWire(kind), Json.text(n, "session"),
                code == null || !code.canConvertToInt() ? null : code.intValue(), Json.text(n, "reason"),
                pid == null || !pid.canConvertToLong() ? null : pid.longValue());
    }
}
