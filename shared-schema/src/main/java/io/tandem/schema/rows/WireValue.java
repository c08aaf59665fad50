package io.tandem.schema.rows;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An enum stored as text in a table or a file. The stored spelling is part of the contract
 * (DESIGN 3, 4), so each constant names it explicitly instead of deriving it from the Java name.
 */
public interface WireValue {
    /** The value as stored and as written in JSON. */
    String wire();

    /** Parses a stored value; an unknown one fails with a message listing the known values. */
    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(WireValue::wire).collect(Collectors.joining("|")));
    }
}
