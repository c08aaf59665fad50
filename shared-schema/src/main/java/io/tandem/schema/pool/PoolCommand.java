package io.tandem.schema.pool;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One line from the host to a shared runner JVM ({@code tandem-runner --pool}): start, stop or
 * kill one session. The JVM serves the sessions of one agent group, so the group folder is given
 * once on its command line, not here. {@code workspace} and {@code log} are set for {@code start}
 * only: the session folder and the file the session's own log lines go to (the same file a runner
 * of its own would write). Paths are absolute.
 */
public record PoolCommand(PoolOp op, String session, Path workspace, Path log) {
    public PoolCommand {
        Objects.requireNonNull(op, "op");
        if (session == null || session.isBlank()) {
            throw new IllegalArgumentException("session is missing");
        }
        if (op == PoolOp.START && (workspace == null || log == null)) {
            throw new IllegalArgumentException("start needs workspace and log");
        }
    }

    public static PoolCommand start(String session, Path workspace, Path log) {
        return new PoolCommand(PoolOp.START, session, workspace, log);
    }

    public static PoolCommand stop(String session) {
        return new PoolCommand(PoolOp.STOP, session, null, null);
    }

    public static PoolCommand kill(String session) {
        return new PoolCommand(PoolOp.KILL, session, null, null);
    }

    /** The command as one JSON line, without the newline. */
    public String toLine() {
        var o = Json.object();
        o.put("op", op.wire());
        o.put("session", session);
        if (workspace != null) {
            o.put("workspace", workspace.toString());
        }
        if (log != null) {
            o.put("log", log.toString());
        }
        return o.toString();
    }

    /** Parses one line; throws {@link IllegalArgumentException} naming what is wrong. */
    public static PoolCommand parse(String line) {
        JsonNode n = Json.parse(line);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a pool command must be a JSON object");
        }
        String op = Json.text(n, "op");
        if (op == null) {
            throw new IllegalArgumentException("op is missing");
        }
        String ws = Json.text(n, "workspace");
        String log = Json.text(n, "log");
        return new PoolCommand(PoolOp.fromWire(op), Json.text(n, "session"), ws == null ? null : absolute("workspace", ws),
                log == null ? null : absolute("log", log));
    }

    private static Path absolute(String field, String value) {
        Path p;
        try {
            p = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(field + " is not a path: " + e.getMessage());
        }
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(field + " must be an absolute path, got " + value);
        }
        return p.normalize();
    }
}
