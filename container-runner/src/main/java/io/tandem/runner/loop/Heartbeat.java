package io.tandem.runner.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness out of band (invariant 7): touches {@code out/.heartbeat} from its own timer thread,
 * so a long agent turn or a slow commit never makes a healthy runner look dead, and liveness
 * never costs a database write. The host reads the mtime.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final Path file;
    private final long intervalMillis;
    private final String sessionId;
    private ScheduledExecutorService timer;
    private boolean failing;

    public Heartbeat(Path file, long intervalMillis, String sessionId) {
        this.file = file;
        this.intervalMillis = intervalMillis;
        this.sessionId = sessionId;
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

    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beat, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void beat() {
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

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
