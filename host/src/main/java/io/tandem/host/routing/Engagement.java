package io.tandem.host.routing;

import io.tandem.host.central.Rows.Wiring;

/**
 * Whether a wiring engages on a message. Pure: the answer depends only on the wiring, the message
 * and whether a sticky session already exists.
 *
 * <p>Pattern mode: the pattern {@code "."} means every message, including an empty text or one
 * without text. Any other pattern is searched ({@code find}) in the text, compiled with DOTALL,
 * so {@code .} crosses line breaks; a message without text matches no other pattern. Compiled
 * patterns are cached, bounded ({@link #CACHE_CAPACITY}).
 */
public final class Engagement {
    /** The engage pattern that means "every message". */
    public static final String EVERY_MESSAGE = ".";
    static final int CACHE_CAPACITY = 256;

    private final PatternCache patterns;

    public Engagement() {
        this(CACHE_CAPACITY);
    }

    Engagement(int cacheCapacity) {
        this.patterns = new PatternCache(cacheCapacity);
    }

    public boolean engages(Wiring w, InboundEvent ev, boolean stickySessionExists) {
        return switch (w.engageMode()) {
            case PATTERN -> matches(w.engagePattern(), ev.text());
            case MENTION -> ev.isMention();
            case MENTION_STICKY -> ev.isMention() || (ev.isGroup() && stickySessionExists);
        };
    }

    private boolean matches(String pattern, String text) {
        if (EVERY_MESSAGE.equals(pattern)) {
            return true;
        }
        if (pattern == null || text == null) {
            return false;
        }
        return patterns.get(pattern).matcher(text).find();
    }

    /** Compiled patterns held now; never above the cache capacity. */
    int cachedPatterns() {
        return patterns.size();
    }
}
