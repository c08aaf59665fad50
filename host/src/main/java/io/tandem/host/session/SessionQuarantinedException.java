package io.tandem.host.session;

/**
 * A session's files cannot be used (unreadable {@code inbound.db}, or one newer than this host
 * knows, {@code TANDEM-E005}); the session is quarantined and nothing is written to it. Callers
 * refuse work for it (the router answers 503 {@code session_quarantined}); the host serves on.
 */
public final class SessionQuarantinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sessionId;
    private final String reason;

    public SessionQuarantinedException(String sessionId, String reason) {
        super("session " + sessionId + " is quarantined: " + reason);
        this.sessionId = sessionId;
        this.reason = reason;
    }

    public String sessionId() {
        return sessionId;
    }

    public String reason() {
        return reason;
    }
}
