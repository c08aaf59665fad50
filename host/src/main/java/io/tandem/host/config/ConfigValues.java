package io.tandem.host.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Typed reads of the merged configuration whose errors name the key exactly once, with the value
 * given and where it came from ({@code environment TANDEM_SWEEP__INTERVAL}, {@code tandem.conf: 3}),
 * instead of the library's message, which repeats the key and its origin.
 */
final class ConfigValues {
    private final Config c;

    ConfigValues(Config c) {
        this.c = c;
    }

    String string(String key) {
        return read(key, "a string", Config::getString);
    }

    boolean bool(String key) {
        return read(key, "true or false", Config::getBoolean);
    }

    int integer(String key) {
        return read(key, "a whole number", Config::getInt);
    }

    double number(String key) {
        return read(key, "a number", Config::getDouble);
    }

    Duration duration(String key) {
        return read(key, "a duration such as 500ms, 30s, 5m or 7d", Config::getDuration);
    }

    long bytes(String key) {
        return read(key, "a size such as 512KiB or 1MiB", Config::getBytes);
    }

    List<String> strings(String key) {
        return read(key, "a list of strings", Config::getStringList);
    }

    boolean has(String key) {
        return c.hasPath(key);
    }

    private <T> T read(String key, String expected, BiFunction<Config, String, T> getter) {
        try {
            return getter.apply(c, key);
        } catch (ConfigException.Missing e) {
            throw new ConfigError(key, "is missing");
        } catch (ConfigException e) {
            throw new ConfigError(key, "must be " + expected + ", got " + given(key));
        }
    }

    private String given(String key) {
        try {
            ConfigValue v = c.getValue(key);
            if (key.contains("token")) {
                return "a value of the wrong kind (not shown: secret)";
            }
            String origin = v.origin() == null ? "" : " (from " + v.origin().description() + ")";
            return v.render(com.typesafe.config.ConfigRenderOptions.concise()) + origin;
        } catch (ConfigException e) {
            return "a value of the wrong kind";
        }
    }
}
