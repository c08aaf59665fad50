package io.tandem.host.delivery;

import io.tandem.schema.json.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code system} rows: {@code {"action": NAME, ...}} run through the action registry (the task
 * actions of issue 9 and any later ones); an unknown or missing action fails visibly, naming it and
 * the known ones.
 */
final class SystemHandler implements DeliveryHandler {

    private final Map<String, SystemAction> actions;

    SystemHandler(Map<String, SystemAction> actions) {
        this.actions = new TreeMap<>(actions);
    }

    @Override
    public CompletableFuture<Outcome> deliver(DueRow row) {
        String name = Json.text(row.row().content(), "action");
        SystemAction action = name == null ? null : actions.get(name);
        if (action == null) {
            return CompletableFuture.completedFuture(new Outcome.Failed((name == null ? "system row names no action"
                    : "unknown system action '" + name + "'") + " (known: "
                    + (actions.isEmpty() ? "none" : String.join("|", actions.keySet())) + ")"));
        }
        var m = row.row().message();
        return action.run(new SystemAction.Request(row.session(), m.id(), m.seq(), row.row().content()));
    }
}
