package io.tandem.host.session;

import io.tandem.host.work.SessionLanes;
import io.tandem.schema.session.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quarantines a session on request ({@code tandem doctor --fix}): writes the {@link Quarantine}
 * marker, so the session is refused, never spawned and reported in {@code /readyz}, and moves the
 * named broken files aside as {@code <file>.broken-<UTC stamp>} (with their journals, so a stale
 * journal can never be rolled into a new file). Nothing is deleted and no other session is touched.
 *
 * <p>The work runs on the session's own lane, so it never races the host's writes to that file;
 * the runner is told to stop first. An {@code outbound.db} whose runner still holds
 * {@code out/runner.lock} is left in place (its writer is alive) and reported as kept.
 */
public final class SessionQuarantines {
    private static final Logger log = LoggerFactory.getLogger(SessionQuarantines.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** A file moved aside. */
    public record Moved(SessionFile file, Path to) {
    }

    /** A named file left where it is, and why. */
    public record Kept(SessionFile file, String why) {
    }

    /** What a quarantine did. */
    public record Outcome(String sessionId, String reason, List<Moved> moved, List<Kept> kept) {
    }

    private final Quarantine quarantine;
    private final SessionLanes lanes;
    private final Clock clock;
    private final Consumer<SessionRef> stopRunner;
    private final Consumer<SessionRef> afterwards;

    /**
     * @param stopRunner  asks the session's runner to stop (a running host), before the files move
     * @param afterwards  runs once the session is marked (a running host re-decides it, so its
     *                    runner slot is released); neither may block
     */
    public SessionQuarantines(Quarantine quarantine, SessionLanes lanes, Clock clock, Consumer<SessionRef> stopRunner,
                              Consumer<SessionRef> afterwards) {
        this.quarantine = quarantine;
        this.lanes = lanes;
        this.clock = clock;
        this.stopRunner = stopRunner;
        this.afterwards = afterwards;
    }

    /** With no host: no runner to stop, nothing to re-decide (the next host start finds the marker). */
    public static SessionQuarantines offline(SessionLanes lanes, Clock clock) {
        return new SessionQuarantines(new Quarantine(clock), lanes, clock, s -> { }, s -> { });
    }

    public CompletableFuture<Outcome> quarantine(SessionRef s, String reason, Set<SessionFile> files) {
        stopRunner.accept(s);
        return lanes.submit(s.sessionId(), () -> {
            quarantine.quarantine(s.paths(), reason);
            List<Moved> moved = new ArrayList<>();
            List<Kept> kept = new ArrayList<>();
            String suffix = ".broken-" + STAMP.format(clock.instant());
            for (SessionFile f : files) {
                Path file = f.path(s.paths());
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    kept.add(new Kept(f, "no such file"));
                } else if (f == SessionFile.OUTBOUND && !ExclusiveFileLock.isFree(s.paths().runnerLock())) {
                    kept.add(new Kept(f, "its runner still holds out/runner.lock; run this again once it has exited"));
                } else {
                    moved.add(new Moved(f, moveAside(s, f, suffix)));
                }
            }
            return new Outcome(s.sessionId(), reason, moved, kept);
        }).whenComplete((o, err) -> {
            if (err == null) {
                afterwards.accept(s);
            }
        });
    }

    private static Path moveAside(SessionRef s, SessionFile f, String suffix) throws IOException {
        Path file = f.path(s.paths());
        Path to = file.resolveSibling(file.getFileName() + suffix);
        Path journal = f.journal(s.paths());
        if (Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(journal, journal.resolveSibling(journal.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(file, to, StandardCopyOption.ATOMIC_MOVE);
        log.atWarn().addKeyValue("session", s.sessionId()).addKeyValue("file", f.wire())
                .addKeyValue("to", to.getFileName()).log("session.file_moved_aside");
        return to;
    }
}
