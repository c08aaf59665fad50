package io.tandem.host.status;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The last WARN and ERROR events of this host, for {@code tandem status}: a logback appender
 * holding at most {@link #CAPACITY} events in memory (the oldest goes first), each as it was
 * logged — event name, key-value pairs and the exception's class and message, every text capped —
 * never a stack trace and never anything the log itself did not carry. Reading is a copy under
 * the lock, so the status resource may call it from any thread.
 */
public final class RecentLogEvents extends AppenderBase<ILoggingEvent> {
    public static final int CAPACITY = 20;
    private static final int MAX_TEXT = 500;

    /** One logged event as status shows it. */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Event(String at, String level, String logger, String message, Map<String, String> fields,
                        String error) {
    }

    private final ArrayDeque<Event> ring = new ArrayDeque<>();

    /** Attaches a started instance to the root logger. */
    public static RecentLogEvents install() {
        RecentLogEvents a = new RecentLogEvents();
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            a.setContext(root.getLoggerContext());
            a.setName("tandem-recent-errors");
            a.start();
            root.addAppender(a);
        }
        return a;
    }

    /** Detaches from the root logger (host stop). */
    public void uninstall() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.detachAppender(this);
        }
        stop();
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (!e.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<KeyValuePair> kvs = e.getKeyValuePairs();
        if (kvs != null) {
            for (KeyValuePair kv : kvs) {
                fields.put(kv.key, cap(String.valueOf(kv.value)));
            }
        }
        IThrowableProxy t = e.getThrowableProxy();
        String error = t == null ? null : cap(t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        String logger = e.getLoggerName();
        Event ev = new Event(Timestamps.format(Instant.ofEpochMilli(e.getTimeStamp())), e.getLevel().toString(),
                logger.substring(logger.lastIndexOf('.') + 1), cap(e.getFormattedMessage()), fields, error);
        synchronized (ring) {
            if (ring.size() == CAPACITY) {
                ring.removeFirst();
            }
            ring.addLast(ev);
        }
    }

    /** The events held, oldest first. */
    public List<Event> events() {
        synchronized (ring) {
            return List.copyOf(ring);
        }
    }

    private static String cap(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
