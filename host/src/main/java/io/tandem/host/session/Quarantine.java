package io.tandem.host.session;

import io.tandem.schema.json.Json;
import io.tandem.schema.session.AtomicFiles;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistent quarantine of sessions whose files cannot be used (DESIGN 2.4, 8.4; issue 5 bug 6).
 * The marker {@code quarantine.json} lives in the session folder, outside {@code out/} (the host
 * writes the session folder, never {@code out/}), so a quarantine survives restarts: a marked
 * session is never written, never spawned, and messages routed to it are refused. Removing the
 * marker (after repairing the file) lifts it at the next host start. Each quarantine is logged once
 * per host run. The map of quarantined sessions feeds readiness.
 */
public final class Quarantine {
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
    public static final String MARKER = "quarantine.json";

    private final Clock clock;
    private final Map<String, String> known = new ConcurrentHashMap<>();
    private final List<Consumer<SessionPaths>> listeners = new CopyOnWriteArrayList<>();

    public Quarantine(Clock clock) {
        this.clock = clock;
    }

    public static Path marker(SessionPaths paths) {
        return paths.root().resolve(MARKER);
    }

    /**
     * The reason recorded in the session's marker, if it has one. A stat when it has none: through
     * {@link java.io.File#exists}, because {@code Files.exists} builds (and swallows) a
     * {@code NoSuchFileException} with its stack trace for a missing file, and this runs at every
     * lane use of every session (issue 6: it was most of the check's CPU). A link named like the
     * marker counts when it resolves (it is read through, as before); a dangling one is no marker.
     */
    public static Optional<String> reason(SessionPaths paths) {
        Path m = marker(paths);
        if (!m.toFile().exists()) {
            return Optional.empty();
        }
        try {
            String reason = Json.text(Json.parse(Files.readString(m)), "reason");
            return Optional.of(reason == null || reason.isBlank() ? "quarantined" : reason);
        } catch (IOException | RuntimeException e) {
            return Optional.of("quarantined (marker unreadable: " + e.getMessage() + ")");
        }
    }

    /** Refuses a quarantined session (marker present) before anything touches its files. */
    public void check(SessionPaths paths) {
        Optional<String> r = reason(paths);
        if (r.isPresent()) {
            String id = paths.root().getFileName().toString();
            noticed(id, r.get(), false);
            throw new SessionQuarantinedException(id, r.get());
        }
    }

    /**
     * Registers every session folder under {@code <data>/sessions} that carries a marker, so
     * {@code /readyz} lists it from the start, even one the sweep never visits (its broken
     * {@code inbound.db} moved aside by {@code tandem doctor --fix}). Stats only; returns the count.
     */
    public int loadMarkers(Path dataDir) {
        int n = 0;
        Path sessions = dataDir.resolve("sessions");
        if (!Files.isDirectory(sessions, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (var groups = Files.newDirectoryStream(sessions)) {
            for (Path g : groups) {
                if (!Files.isDirectory(g, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (var ss = Files.newDirectoryStream(g)) {
                    for (Path s : ss) {
                        Optional<String> r = Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS)
                                ? reason(new SessionPaths(s)) : Optional.empty();
                        if (r.isPresent()) {
                            noticed(s.getFileName().toString(), r.get(), false);
                            n++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.atWarn().setCause(e).log("startup.quarantine_scan_failed");
        }
        return n;
    }

    /** Runs {@code listener} on every quarantine (e.g. to close the session's cached connections). */
    public void onQuarantine(Consumer<SessionPaths> listener) {
        listeners.add(listener);
    }

    /** Quarantines the session: writes the marker (if absent), tells the listeners and logs once. */
    public SessionQuarantinedException quarantine(SessionPaths paths, String reason) {
        String id = paths.root().getFileName().toString();
        if (reason(paths).isEmpty()) {
            try {
                AtomicFiles.write(marker(paths), Json.write(Json.object().put("session_id", id)
                        .put("reason", reason).put("quarantined_at", Timestamps.format(clock.instant()))));
            } catch (IOException e) {
                log.atError().addKeyValue("session", id).setCause(e).log("session.quarantine_marker_failed");
            }
        }
        for (Consumer<SessionPaths> l : listeners) {
            l.accept(paths);
        }
        noticed(id, reason, true);
        return new SessionQuarantinedException(id, reason);
    }

    private void noticed(String sessionId, String reason, boolean fresh) {
        if (known.putIfAbsent(sessionId, reason) == null) {
            log.atError().addKeyValue("session", sessionId).addKeyValue("reason", reason)
                    .addKeyValue("new", fresh).log("session.quarantined");
        }
    }

    /** Session id to reason, for readiness ({@code /readyz} details). */
    public Map<String, String> sessions() {
        return new TreeMap<>(known);
    }

    public boolean isQuarantined(String sessionId) {
        return known.containsKey(sessionId);
    }
}
