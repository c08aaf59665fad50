package io.tandem.runner.pool;

import io.tandem.schema.pool.PoolEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared runner JVM's stdout: one {@link PoolEvent} per line, written whole and flushed under
 * one lock, so lines from concurrent sessions never interleave. Nothing else may write to this
 * stream ({@link PoolMain} points {@code System.out} at stderr). A failed write (the host is gone)
 * is logged once; the host's end of stdin closes too, and that stops every session.
 */
final class PoolEvents {
    private static final Logger log = LoggerFactory.getLogger(PoolEvents.class);

    private final OutputStream out;
    private boolean failed;

    PoolEvents(OutputStream out) {
        this.out = out;
    }

    synchronized void emit(PoolEvent event) {
        try {
            out.write((event.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                log.atWarn().addKeyValue("error", e.toString()).log("pool.stdout.failed");
            }
        }
    }
}
