package io.tandem.host.channels.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code text/event-stream} response. It remembers the highest cursor it has written
 * (starting at the client's resume point), and writes an event only above it: the backlog read
 * and the chat's live feed may both carry an event, and the client still sees it once, in cursor
 * order. A comment line every heartbeat interval keeps proxies and the idle timeout from cutting
 * a quiet stream. A client that does not read (write queue full) is disconnected rather than
 * buffered without bound; it resumes from its last {@code id:} without loss. Event-loop confined.
 */
final class SseStream {
    private static final Logger log = LoggerFactory.getLogger(SseStream.class);

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final String chatId;
    private final long heartbeatTimer;
    private long cursor;
    private boolean closed;
    private boolean released;

    SseStream(Vertx vertx, HttpServerResponse response, String chatId, long after, Duration heartbeat) {
        this.vertx = vertx;
        this.response = response;
        this.chatId = chatId;
        this.cursor = after;
        this.heartbeatTimer = vertx.setPeriodic(Math.max(1, heartbeat.toMillis()), id -> write(": heartbeat\n\n"));
    }

    String chatId() {
        return chatId;
    }

    /** The highest cursor written (or the resume point when nothing was written yet). */
    long cursor() {
        return cursor;
    }

    boolean closed() {
        return closed;
    }

    /** Writes {@code e} unless the client has it already. */
    void send(SseEvent e) {
        if (e.cursor() <= cursor) {
            return;
        }
        cursor = e.cursor();
        write(e.frame());
    }

    /** Writes an ephemeral frame (typing). */
    void sendEphemeral(String frame) {
        write(frame);
    }

    private void write(String text) {
        if (closed || response.closed() || response.ended()) {
            return;
        }
        response.write(text);
        if (response.writeQueueFull()) {
            log.atWarn().addKeyValue("chat", chatId).addKeyValue("cursor", cursor).log("http.sse_slow_client_closed");
            closed(true);
            response.reset();
        }
    }

    /** Marks the stream gone (client closed, or the host ends it); stops the heartbeat. */
    void closed(boolean value) {
        if (value && !closed) {
            closed = true;
            vertx.cancelTimer(heartbeatTimer);
        }
    }

    /** Marks the stream gone and returns true the first time only (it is uncounted once). */
    boolean release() {
        closed(true);
        if (released) {
            return false;
        }
        released = true;
        return true;
    }

    /** Ends the stream from the host's side; the client reconnects and resumes. */
    void end() {
        closed(true);
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }
}
