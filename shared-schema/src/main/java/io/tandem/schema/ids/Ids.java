package io.tandem.schema.ids;

import com.github.f4b6a3.ulid.UlidCreator;
import java.util.regex.Pattern;

/**
 * Mints and validates ids. Minted ids are a short prefix plus a ULID, so they sort by creation
 * time and are always path-safe. Any id that becomes part of a path must pass {@link #requireSafe}
 * first: a hostile id can never name {@code ..}, a separator, or an over-long component.
 */
public final class Ids {
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public static final String AGENT_GROUP = "ag";
    public static final String MESSAGING_GROUP = "mg";
    public static final String SESSION = "s";
    public static final String MESSAGE_IN = "m";
    public static final String MESSAGE_OUT = "o";
    public static final String TASK = "t";
    public static final String QUESTION = "q";
    public static final String WIRING = "w";

    private Ids() {
    }

    public static String mint(String prefix) {
        return prefix + "-" + UlidCreator.getMonotonicUlid().toString().toLowerCase(java.util.Locale.ROOT);
    }

    public static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    /** Returns {@code id} when it is path-safe; otherwise throws naming {@code field}. */
    public static String requireSafe(String field, String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidIdException(field, field + " is missing or empty");
        }
        if (id.length() > 128) {
            throw new InvalidIdException(field, field + " is longer than 128 characters");
        }
        if (!isSafe(id)) {
            throw new InvalidIdException(field, field + " '" + printable(id)
                    + "' must match [A-Za-z0-9][A-Za-z0-9._-]{0,127} and not be . or ..");
        }
        return id;
    }

    private static String printable(String id) {
        StringBuilder b = new StringBuilder();
        for (char c : id.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
