package io.tandem.host.config;

import java.util.Locale;

/**
 * How the host writes its log to stderr ({@code log.format}, {@code --log-format}): {@link #TEXT}
 * one readable line per event, {@link #JSON} one JSON object per line for a log collector. Both
 * carry the same event name and key-value pairs.
 */
public enum LogFormat {
    TEXT, JSON;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code text} in key {@code key}; an unknown name is an error naming the key. */
    static LogFormat parse(String key, String text) {
        for (LogFormat f : values()) {
            if (f.wire().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new ConfigError(key, "must be text or json, got '" + text + "'");
    }
}
