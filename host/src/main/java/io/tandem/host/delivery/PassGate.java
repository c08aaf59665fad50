package io.tandem.host.delivery;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one delivery pass chain per session, and no kick ever lost (issue 5, bug 3). Per
 * session: absent (idle) → RUNNING → RUNNING_AND_KICKED. Every transition is one atomic
 * {@link ConcurrentHashMap#compute} on the session's entry, so there is no window between a pass
 * deciding it is done and releasing the session: a kick either lands before the release (and the
 * finishing pass runs again) or after it (and starts a new pass itself). Only sessions with a pass
 * in flight hold an entry, so the map stays bounded.
 */
final class PassGate {
    private enum State { RUNNING, RUNNING_AND_KICKED }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    /** A kick: true when the caller must start a pass now; false when the running one will rerun. */
    boolean kick(String sessionId) {
        return states.compute(sessionId, (k, v) -> v == null ? State.RUNNING : State.RUNNING_AND_KICKED)
                == State.RUNNING;
    }

    /**
     * A pass ended: true when the caller must run another pass (it was kicked meanwhile), false
     * when the session is released (idle).
     */
    boolean finish(String sessionId) {
        return states.compute(sessionId, (k, v) -> v == State.RUNNING_AND_KICKED ? State.RUNNING : null) != null;
    }

    /** Sessions with a pass in flight (for tests and metrics). */
    int running() {
        return states.size();
    }
}
