package io.tandem.runner.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness out of band (invariant 7): touches {@code out/.heartbeat} from a timer thread, so a
 * long agent turn or a slow commit never makes a healthy runner look dead, and liveness never
 * costs a database write. The host reads the mtime.
 *
 * <p>Every heartbeat of this JVM shares one timer thread ({@link #TIMER}): a JVM serving many
 * sessions pays one thread, not one per session. The thread ends by itself when no heartbeat is
 * scheduled for {@value #TIMER_KEEP_ALIVE_SECONDS} s and is started again by the next
 * {@link #start}. A closed heartbeat's task is cancelled and removed: it never touches its file
 * again.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    static final long TIMER_KEEP_ALIVE_SECONDS = 10;
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Path file;
    private final long intervalMillis;
    private final String sessionId;
    private ScheduledFuture<?> task;
    private boolean closed;
    private boolean failing;

    public Heartbeat(Path file, long intervalMillis, String sessionId) {
        this.file = file;
        this.intervalMillis = intervalMillis;
        this.sessionId = sessionId;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(SharedWatch.topGroup(), r, "heartbeat");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        t.setKeepAliveTime(TIMER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    /** Sets the mtime to now, creating the file if it is missing. */
    public void touch() throws IOException {
        FileTime now = FileTime.from(Instant.now());
        try {
            Files.setLastModifiedTime(file, now);
        } catch (NoSuchFileException e) {
            Files.createFile(file);
            Files.setLastModifiedTime(file, now);
        }
    }

    /** Touches the file every interval from now on, until {@link #close}; a second call does nothing. */
    public synchronized void start() {
        if (task == null && !closed) {
            task = TIMER.scheduleAtFixedRate(this::beat, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void beat() {
        if (closed) {
            return;
        }
        try {
            touch();
            if (failing) {
                failing = false;
                log.atInfo().addKeyValue("session", sessionId).log("heartbeat.recovered");
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.atWarn().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                        .log("heartbeat.failed");
            }
        }
    }

    /** Heartbeats scheduled in this JVM now (for tests and diagnostics). */
    static int scheduled() {
        return TIMER.getQueue().size();
    }

    /** Stops the beats: once this returns, the file is never touched by this heartbeat again. */
    @Override
    public synchronized void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
    }
}
