package io.tandem.host.containers;

import io.tandem.schema.pool.PoolCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A shared runner JVM's stdin: one whole command line at a time (lines of concurrent writers never
 * interleave), and nothing after the host closed it on purpose (EOF means "stop every session").
 */
final class PoolStdin {
    /** What became of one line. */
    enum Outcome {
        SENT,
        /** The host had closed stdin: the JVM is already stopping every session. */
        CLOSED,
        /** The write failed: the JVM is gone or no longer reads. */
        FAILED
    }

    private final OutputStream out;
    private boolean closed;
    private IOException lastError;

    PoolStdin(OutputStream out) {
        this.out = out;
    }

    synchronized Outcome send(PoolCommand c) {
        if (closed) {
            return Outcome.CLOSED;
        }
        try {
            out.write((c.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return Outcome.SENT;
        } catch (IOException e) {
            lastError = e;
            return Outcome.FAILED;
        }
    }

    /** The error of the last failed write (for the log line). */
    synchronized String lastError() {
        return lastError == null ? "" : lastError.toString();
    }

    /** EOF for the JVM; idempotent; an error closing a dead pipe is of no consequence. */
    synchronized void close() {
        closed = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // the JVM is gone already: nothing is left to tell it
        }
    }
}
