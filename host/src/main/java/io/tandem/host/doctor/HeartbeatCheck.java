package io.tandem.host.doctor;

import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stuck runners: {@code out/runner.lock} held while {@code out/.heartbeat} is older than
 * {@code sweep.heartbeat_stale} (or absent). Liveness is the heartbeat's mtime (DESIGN 2.7).
 */
final class HeartbeatCheck implements DoctorCheck {
    static final String NAME = "heartbeats";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> run(DoctorContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.sessions().isEmpty()) {
            return out; // central cannot be read: the central check says why
        }
        if (ctx.heartbeatStale().isEmpty()) {
            return List.of(Finding.warn(NAME, "tandem.conf", "skipped: sweep.heartbeat_stale is unknown while the "
                    + "configuration cannot be read", "fix the configuration (see the config finding)"));
        }
        Duration stale = ctx.heartbeatStale().get();
        int running = 0;
        Instant now = ctx.clock().instant();
        for (SessionRow s : ctx.sessions().orElse(List.of())) {
            Optional<SessionPaths> p = s.paths(ctx.dataDir());
            if (s.status() != SessionStatus.ACTIVE || p.isEmpty()
                    || !Files.isDirectory(p.get().outDir(), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            SessionPaths paths = p.get();
            try {
                if (ExclusiveFileLock.isFree(paths.runnerLock())) {
                    continue;
                }
            } catch (IOException e) {
                out.add(Finding.warn(NAME, ctx.rel(paths.runnerLock()), "cannot be probed: " + e.getMessage(),
                        "check the file's owner and permissions"));
                continue;
            }
            running++;
            String pid = ExclusiveFileLock.readPid(paths.runnerLock()).map(String::valueOf).orElse("unknown");
            try {
                Duration age = Duration.between(Files.getLastModifiedTime(paths.heartbeat(), LinkOption.NOFOLLOW_LINKS)
                        .toInstant(), now);
                if (age.compareTo(stale) > 0) {
                    out.add(Finding.warn(NAME, s.subject(), "runner (pid " + pid + ") holds out/runner.lock but its "
                            + "heartbeat is " + age.toSeconds() + " s old (sweep.heartbeat_stale "
                            + stale.toSeconds() + " s): stuck?", hint(ctx, pid)));
                }
            } catch (NoSuchFileException e) {
                out.add(Finding.warn(NAME, s.subject(), "runner (pid " + pid + ") holds out/runner.lock but has no "
                        + "heartbeat", hint(ctx, pid)));
            } catch (IOException e) {
                out.add(Finding.warn(NAME, ctx.rel(paths.heartbeat()), "cannot be read: " + e.getMessage(),
                        "check the file's owner and permissions"));
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.ok(NAME, "sessions/", running + " runners hold their lock, none with a stale heartbeat"));
        }
        return out;
    }

    private static String hint(DoctorContext ctx, String pid) {
        return ctx.host().running() ? "the sweep stops a stale runner; if it stays, see logs/ and kill pid " + pid
                : "no host is running: kill pid " + pid + " (an orphaned runner), then start the host";
    }
}
