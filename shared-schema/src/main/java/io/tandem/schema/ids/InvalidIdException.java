package io.tandem.schema.ids;

/** An id or name that would become part of a path does not match the path-safe pattern. */
public final class InvalidIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidIdException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the field or parameter that held the bad value. */
    public String field() {
        return field;
    }
}
