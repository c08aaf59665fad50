package io.tandem.host.channels;

/**
 * A channel's refusal of one outbound operation. {@code permanent} means a retry cannot help
 * (unknown chat, unsupported operation, content the platform rejects): delivery marks the row
 * failed at once. Otherwise delivery retries with backoff up to {@code delivery.max_attempts}.
 */
public final class ChannelException extends RuntimeException {
    private final boolean permanent;

    public ChannelException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public ChannelException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
