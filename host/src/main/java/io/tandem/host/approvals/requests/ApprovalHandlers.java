package io.tandem.host.approvals.requests;

import io.tandem.host.admin.api.ApprovedChanges;
import io.tandem.host.central.CentralStores;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The actions an agent may request, by name; a new one is one more {@link ApprovalHandler}. */
public final class ApprovalHandlers {
    private final Map<String, ApprovalHandler> byAction = new LinkedHashMap<>();

    public ApprovalHandlers(Collection<ApprovalHandler> handlers) {
        for (ApprovalHandler h : handlers) {
            if (byAction.put(h.action(), h) != null) {
                throw new IllegalArgumentException("two approval handlers for action " + h.action());
            }
        }
    }

    /** {@code add_destination} and {@code create_agent}, through the admin API's own rules. */
    public static ApprovalHandlers standard(CentralStores stores) {
        ApprovedChanges changes = new ApprovedChanges(stores);
        return new ApprovalHandlers(List.of(new AddDestinationHandler(changes), new CreateAgentHandler(changes)));
    }

    public Optional<ApprovalHandler> get(String action) {
        return Optional.ofNullable(byAction.get(action));
    }

    /** The known action names, in registration order (named in refusals). */
    public List<String> actions() {
        return List.copyOf(byAction.keySet());
    }
}
