package io.tandem.host.admin.api;

import java.util.List;
import java.util.Set;

/**
 * What a committed admin change must do outside central so it takes effect at once (issue 7
 * section 3): re-project destinations into the active sessions of the groups named, and stop the
 * runners of closed sessions. Called only after the central transaction committed, never inside
 * it. With no host running (the CLI's direct path) there is nothing to notify: projection runs
 * at every spawn anyway.
 */
public interface AdminEffects {
    AdminEffects NONE = new AdminEffects() {
        @Override
        public void destinationsChanged(Set<String> agentGroupIds) {
        }

        @Override
        public void sessionsClosed(List<ClosedSession> sessions) {
        }
    };

    /** A session closed by an admin request. */
    record ClosedSession(String sessionId, String agentGroupId) {
    }

    void destinationsChanged(Set<String> agentGroupIds);

    void sessionsClosed(List<ClosedSession> sessions);
}
