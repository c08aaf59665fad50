package io.tandem.host.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.tandem.host.config.LogFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Puts the configured {@link LogFormat} into force once the configuration is read: for
 * {@code json}, every console appender of the root logger gets logback's own
 * {@link JsonEncoder} (one JSON object per line, the event name as {@code message}, the key-value
 * pairs in {@code kvpList}), so no JSON is written by hand and {@code logback.xml} stays the one
 * place that says where logs go. {@code text} leaves {@code logback.xml}'s pattern in force.
 * Lines logged before the configuration is read (only {@code config.loaded}, at DEBUG) keep the
 * text format.
 */
final class LogOutput {
    private LogOutput() {
    }

    static void apply(LogFormat format) {
        if (format != LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                consoles.add(console);
            }
        }
        for (ConsoleAppender<ILoggingEvent> console : consoles) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(ctx);
            json.setWithContext(false);
            json.setWithMDC(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(false);
            json.start();
            console.stop();
            console.setEncoder(json);
            console.start();
        }
    }
}
