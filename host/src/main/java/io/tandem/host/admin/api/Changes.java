package io.tandem.host.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Effects a handler asks for while it works in the central transaction; {@link AdminApi} carries
 * them out through {@link AdminEffects} once the transaction committed (and drops them when it
 * rolled back), so no session file is touched for a change that did not happen.
 */
final class Changes {
    final Set<String> reproject = new LinkedHashSet<>();
    final List<AdminEffects.ClosedSession> closed = new ArrayList<>();

    void reproject(String agentGroupId) {
        reproject.add(agentGroupId);
    }

    void closed(String sessionId, String agentGroupId) {
        closed.add(new AdminEffects.ClosedSession(sessionId, agentGroupId));
    }
}
