package io.tandem.host.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiled engage patterns, least recently used evicted beyond {@code capacity}, so a central with
 * many distinct patterns cannot grow the host's memory. Patterns compile with {@link Pattern#DOTALL}
 * ({@code .} also matches line breaks, so multi-line text is matched as a whole). A pattern that
 * does not compile never matches (patterns are validated when a wiring is saved). Thread-safe.
 */
final class PatternCache {
    private static final Pattern NEVER = Pattern.compile("(?!)");

    private final int capacity;
    private final Map<String, Pattern> compiled;

    PatternCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("pattern cache capacity must be at least 1");
        }
        this.capacity = capacity;
        this.compiled = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
                return size() > PatternCache.this.capacity;
            }
        };
    }

    synchronized Pattern get(String pattern) {
        return compiled.computeIfAbsent(pattern, PatternCache::compileOrNever);
    }

    synchronized int size() {
        return compiled.size();
    }

    private static Pattern compileOrNever(String pattern) {
        try {
            return Pattern.compile(pattern, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            return NEVER;
        }
    }
}
