package io.tandem.host.routing;

/** Asks for a session's runner to be started if it is not running; deduplicated by the callee. */
@FunctionalInterface
public interface SessionWaker {
    void wake(String sessionId);
}
