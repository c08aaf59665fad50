package io.tandem.schema.db;

/**
 * The outcome of a short read of a file another process owns. The non-OK states are normal
 * operating conditions, not errors: the owner has not created the file yet, has not written its
 * schema yet, or must first roll back a hot journal it left when it was killed.
 */
public record ReadResult<T>(Status status, T value) {
    public enum Status {
        OK,
        /** The file does not exist. */
        MISSING,
        /** The file exists but carries no schema yet ({@code user_version} 0). */
        EMPTY,
        /** A hot journal sits beside the file; only its owner can roll it back. */
        OWNER_RECOVERING
    }

    public static <T> ReadResult<T> ok(T value) {
        return new ReadResult<>(Status.OK, value);
    }

    public static <T> ReadResult<T> of(Status status) {
        return new ReadResult<>(status, null);
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** The value when read, else {@code fallback}. */
    public T orElse(T fallback) {
        return status == Status.OK ? value : fallback;
    }
}
