package io.tandem.runner.store;

/**
 * The address columns of a {@code messages_out} row. All null means "the session's default chat",
 * which the host resolves from {@code in_reply_to} or {@code session_routing}.
 */
public record Route(String channelType, String platformId, String threadId) {
    public static final Route DEFAULT = new Route(null, null, null);
}
