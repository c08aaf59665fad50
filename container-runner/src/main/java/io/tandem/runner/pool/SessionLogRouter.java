package io.tandem.runner.pool;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.tandem.runner.RunnerLogging;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Sends each log line of a shared runner JVM to the file of the session it is about, so a
 * session's log reads exactly like a runner of its own would have written it, and the pool's log
 * (its stderr) keeps only pool-level lines. The rule, first match wins: a line of the pool's own
 * loggers ({@code io.tandem.runner.pool}) → pool log; a line whose {@code session} key names a
 * running session → that session's file; a line from a thread of a running session's
 * {@link SessionThreadGroup} → that session's file; anything else → pool log. Invariant: a
 * session's file is open exactly while the session is registered ({@link #open} to {@link #close}).
 */
final class SessionLogRouter extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final String POOL_LOGGERS = "io.tandem.runner.pool";

    private final List<Appender<ILoggingEvent>> poolAppenders;
    private final Map<String, FileAppender<ILoggingEvent>> sessions = new ConcurrentHashMap<>();

    private SessionLogRouter(List<Appender<ILoggingEvent>> poolAppenders) {
        this.poolAppenders = List.copyOf(poolAppenders);
    }

    /** Puts a router in front of the root logger's appenders (they become the pool log). */
    static SessionLogRouter install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> existing = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            existing.add(it.next());
        }
        SessionLogRouter router = new SessionLogRouter(existing);
        router.setContext(context);
        router.setName("SESSION-ROUTER");
        router.start();
        existing.forEach(root::detachAppender);
        root.addAppender(router);
        return router;
    }

    /**
     * Opens {@code file} (appending) as the log of {@code session}.
     *
     * @throws IllegalStateException the file cannot be opened for appending
     */
    void open(String session, Path file) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(getContext());
        encoder.setPattern(RunnerLogging.PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(getContext());
        appender.setName("session-" + session);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("cannot open the session log " + file + " for appending");
        }
        FileAppender<ILoggingEvent> before = sessions.put(session, appender);
        if (before != null) {
            before.stop();
        }
    }

    /** Closes the session's file; its later lines (if any) go to the pool log. */
    void close(String session) {
        FileAppender<ILoggingEvent> appender = sessions.remove(session);
        if (appender != null) {
            appender.stop();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        Appender<ILoggingEvent> target = route(event);
        if (target != null) {
            target.doAppend(event);
            return;
        }
        for (Appender<ILoggingEvent> a : poolAppenders) {
            a.doAppend(event);
        }
    }

    private Appender<ILoggingEvent> route(ILoggingEvent event) {
        if (event.getLoggerName().startsWith(POOL_LOGGERS)) {
            return null;
        }
        List<KeyValuePair> kvps = event.getKeyValuePairs();
        if (kvps != null) {
            for (KeyValuePair kv : kvps) {
                if ("session".equals(kv.key) && kv.value != null) {
                    FileAppender<ILoggingEvent> named = sessions.get(kv.value.toString());
                    if (named != null) {
                        return named;
                    }
                }
            }
        }
        String own = SessionThreadGroup.ofCurrentThread();
        return own == null ? null : sessions.get(own);
    }
}
