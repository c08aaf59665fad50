package io.tandem.schema.rows;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum values as they are stored: lower case, with {@code -} for {@code _}. */
final class Wire {
    private Wire() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining("|")));
    }
}
