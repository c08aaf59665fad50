package io.tandem.host.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration keys this build knows: every leaf of {@code tandem-defaults.conf}. A typo
 * ({@code containers.max_runing}, {@code TANDEM_FOO__BAR}) must stop the host rather than pass
 * silently with the default in force, so every key from a file or the environment is checked
 * here, and the error names the key and the closest known one.
 *
 * <p>Environment variables share the {@code TANDEM_} prefix with agents' variables
 * ({@code TANDEM_SESSION_ID}) and the launcher's ({@code TANDEM_JAVA_OPTS},
 * {@code TANDEM_LOG_LEVEL}); only a name that looks like a configuration key (it contains
 * {@code __}, or starts with a known section name and {@code _}) is held to the known keys, and
 * the launcher's own variables never are (the section {@code log} must not claim
 * {@code TANDEM_LOG_LEVEL}).
 */
final class KnownKeys {
    /** The launcher's variables after {@code TANDEM_}: read by the start script and logback, not config. */
    private static final Set<String> LAUNCHER = Set.of("LOG_LEVEL", "JAVA_OPTS");

    private final Config defaults;
    private final Set<String> leaves = new TreeSet<>();
    private final Set<String> sections = new TreeSet<>();

    KnownKeys(Config defaults) {
        this.defaults = defaults;
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
            leaves.add(e.getKey());
        }
        for (Map.Entry<String, ConfigValue> e : defaults.root().entrySet()) {
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                sections.add(e.getKey());
            }
        }
    }

    /** True when {@code key} is a known leaf (not a section). */
    boolean isKey(String key) {
        try {
            return defaults.hasPathOrNull(key) && defaults.getValue(key).valueType() != ConfigValueType.OBJECT;
        } catch (ConfigException e) {
            return false;
        }
    }

    /** Throws naming the first key of {@code source} (a file) this build does not know. */
    void requireKnown(Config source, String where) {
        for (Map.Entry<String, ConfigValue> e : source.entrySet()) {
            if (!isKey(e.getKey())) {
                throw unknown(e.getKey(), "in " + where);
            }
        }
    }

    /**
     * Whether environment variable {@code name} (after {@code TANDEM_}, lower-cased, {@code __}
     * read as {@code .}) claims to be a configuration key.
     */
    boolean looksLikeKey(String rawName, String key) {
        if (LAUNCHER.contains(rawName)) {
            return false;
        }
        if (rawName.contains("__")) {
            return true;
        }
        for (String s : sections) {
            if (key.equals(s) || key.startsWith(s + "_")) {
                return true;
            }
        }
        return false;
    }

    ConfigError unknown(String key, String where) {
        String near = closest(key);
        return new ConfigError(key, "is not a known key (" + where + ")"
                + (near == null ? "" : "; did you mean " + near + "?"));
    }

    /** The known key nearest to {@code key} by edit distance, or null when none is near. */
    String closest(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return leaves.stream().min(Comparator.comparingInt((String l) -> distance(k, l)).thenComparing(l -> l))
                .filter(l -> distance(k, l) <= Math.max(3, k.length() / 2)).orElse(null);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
