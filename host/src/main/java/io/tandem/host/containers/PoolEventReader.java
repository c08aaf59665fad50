package io.tandem.host.containers;

import io.tandem.schema.pool.PoolEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a shared runner JVM's stdout, one {@link PoolEvent} per line, on a thread of its own
 * (blocking I/O, never an event loop), and hands each to the pool in the order written. A line
 * that is not an event is logged and skipped: the reader never stops before EOF, so one bad line
 * cannot leave the other sessions' exits unseen. At EOF (the JVM closed its stdout or died) it
 * calls {@code onEnd} once.
 */
final class PoolEventReader implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PoolEventReader.class);
    /** Longer lines are cut in the log line naming them. */
    private static final int SHOWN = 300;

    private final InputStream events;
    private final String group;
    private final Consumer<PoolEvent> onEvent;
    private final Runnable onEnd;

    PoolEventReader(InputStream events, String group, Consumer<PoolEvent> onEvent, Runnable onEnd) {
        this.events = events;
        this.group = group;
        this.onEvent = onEvent;
        this.onEnd = onEnd;
    }

    /** Starts the reader on a daemon thread named after the group. */
    Thread start() {
        Thread t = new Thread(this, "runner-pool-" + group);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                handle(line);
            }
        } catch (IOException e) {
            log.atDebug().addKeyValue("group", group).addKeyValue("error", e.toString()).log("runner_pool.stdout_closed");
        } finally {
            onEnd.run();
        }
    }

    private void handle(String line) {
        if (line.isBlank()) {
            return;
        }
        PoolEvent event;
        try {
            event = PoolEvent.parse(line);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("group", group).addKeyValue("error", e.getMessage())
                    .addKeyValue("line", line.length() > SHOWN ? line.substring(0, SHOWN) + "…" : line)
                    .log("runner_pool.bad_event");
            return;
        }
        try {
            onEvent.accept(event);
        } catch (RuntimeException e) {
            log.atError().addKeyValue("group", group).addKeyValue("event", line).setCause(e)
                    .log("runner_pool.event_failed");
        }
    }
}
