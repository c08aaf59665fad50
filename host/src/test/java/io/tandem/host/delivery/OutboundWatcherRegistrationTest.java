package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.session.SessionRef;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, idle sessions cost nothing: the one {@link java.nio.file.WatchService} holds a watch per
 * running runner only. After many runners came and went, nothing is watched: the kernel's own
 * count of inotify watches of this process (from {@code /proc/self/fdinfo}) is back where it was.
 */
class OutboundWatcherRegistrationTest {
    @TempDir
    Path tmp;

    @Test
    void aWatchLivesOnlyWhileItsRunnerRuns() throws Exception {
        List<String> kicked = new CopyOnWriteArrayList<>();
        long before = inotifyWatches();
        try (OutboundWatcher watcher = new OutboundWatcher(s -> kicked.add(s.sessionId()), true)) {
            List<SessionRef> refs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                SessionPaths paths = SessionPaths.of(tmp, "g1", "s-" + i);
                Files.createDirectories(paths.outDir());
                SessionRef ref = new SessionRef("s-" + i, "g1", paths);
                refs.add(ref);
                watcher.runnerStarted(ref);
            }
            assertThat(watcher.watched()).isEqualTo(100);
            assertThat(inotifyWatches() - before).as("kernel watches while 100 runners run").isEqualTo(100);
            refs.forEach(watcher::runnerStopped);
            assertThat(watcher.watched()).as("watches left after every runner stopped").isZero();
            // cancellation is asynchronous in the JDK's inotify poller
            await().atMost(Duration.ofSeconds(20)).until(() -> inotifyWatches() == before);
            assertThat(kicked).as("each stop kicks one delivery pass").hasSize(100);

            try (Connection c = SqliteOpener.openSession(refs.get(0).paths().outboundDb(), Durability.POWER)) {
                Sql.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
                Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO t(id) VALUES (1)"));
            }
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20))
                    .until(() -> watcher.events() == 0 && kicked.size() == 100);
        }
    }

    /** inotify watches held by this JVM, as the kernel lists them ({@code inotify wd:} lines per instance). */
    private static long inotifyWatches() throws IOException {
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue;
                }
                if (target.contains("inotify")) {
                    try (Stream<String> lines = Files.lines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                        n += lines.filter(l -> l.startsWith("inotify wd:")).count();
                    } catch (IOException gone) {
                        // closed meanwhile
                    }
                }
            }
        }
        return n;
    }
}
