package io.tandem.host.routing;

/** Why the router dropped a message; audited in {@code unregistered_senders.reason}. */
public enum DropReason {
    NO_AGENT_WIRED, NO_AGENT_ENGAGED, UNKNOWN_SENDER_STRICT, UNKNOWN_SENDER_REQUEST_APPROVAL, DENIED_CHANNEL,
    UNKNOWN_CHAT;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
