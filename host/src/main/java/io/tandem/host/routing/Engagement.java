package io.tandem.host.routing;

import io.tandem.host.central.Rows.Wiring;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a wiring engages on a message. Pure: the answer depends only on the wiring, the message
 * and whether a sticky session already exists. Patterns are compiled once and cached; an invalid
 * stored pattern never engages (patterns are validated when a wiring is saved).
 */
public final class Engagement {
    private final ConcurrentHashMap<String, Pattern> patterns = new ConcurrentHashMap<>();

    public boolean engages(Wiring w, InboundEvent ev, boolean stickySessionExists) {
        return switch (w.engageMode()) {
            case "pattern" -> matches(w.engagePattern(), ev.text());
            case "mention" -> ev.isMention();
            case "mention-sticky" -> ev.isMention() || (ev.isGroup() && stickySessionExists);
            default -> false;
        };
    }

    private boolean matches(String pattern, String text) {
        if (pattern == null || text == null) {
            return false;
        }
        Pattern p = patterns.computeIfAbsent(pattern, Engagement::compileOrNever);
        return p.matcher(text).find();
    }

    private static Pattern compileOrNever(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return Pattern.compile("(?!)");
        }
    }
}
