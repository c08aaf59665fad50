package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentAction;
import java.util.List;

/** Planners of {@code done} and {@code state}. */
final class ControlPlanners {
    private ControlPlanners() {
    }

    /** Done is accepted once, for the batch in flight only. */
    static void done(AgentAction.Done d, PlanContext ctx, List<Step> out) {
        Batch batch = ctx.batch();
        String refusal = batch == null ? "done for batch " + d.batchId() + " but no batch is in flight"
                : ctx.doneSeen() ? "batch " + d.batchId() + " is already done"
                : !batch.id().equals(d.batchId())
                        ? "done for batch " + d.batchId() + " but batch " + batch.id() + " is in flight"
                        : null;
        if (refusal != null) {
            out.add(new RefusedStep(d.ref(), refusal));
            return;
        }
        ctx.markDone();
        out.add(new DoneStep(d.ref(), batch, d.failed(), d.error()));
    }

    static void stateSet(AgentAction.StateSet s, PlanContext ctx, List<Step> out) {
        out.add(new StateStep(s.ref(), s.key(), s.value()));
    }

    static void stateDelete(AgentAction.StateDelete s, PlanContext ctx, List<Step> out) {
        out.add(new StateStep(s.ref(), s.key(), null));
    }
}
