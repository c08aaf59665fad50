package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentAction;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The planner of each action type; the one place that lists them. */
final class ActionPlanners {
    private final Map<Class<?>, ActionPlanner<?>> planners = new HashMap<>();

    private ActionPlanners() {
    }

    static ActionPlanners standard() {
        return new ActionPlanners()
                .register(AgentAction.Send.class, new SendPlanner())
                .register(AgentAction.Edit.class, MessageOpPlanner::edit)
                .register(AgentAction.React.class, MessageOpPlanner::react)
                .register(AgentAction.Ask.class, AskPlanner::plan)
                .register(AgentAction.Card.class, CardPlanner::plan)
                .register(AgentAction.Done.class, ControlPlanners::done)
                .register(AgentAction.StateSet.class, ControlPlanners::stateSet)
                .register(AgentAction.StateDelete.class, ControlPlanners::stateDelete)
                .register(AgentAction.Schedule.class, TaskPlanner::schedule)
                .register(AgentAction.TaskOp.class, TaskPlanner::task)
                .register(AgentAction.Request.class, RequestPlanner::plan)
                .register(AgentAction.Invalid.class, (i, ctx, out) -> out.add(new RefusedStep(i.ref(), i.reason())));
    }

    <A extends AgentAction> ActionPlanners register(Class<A> type, ActionPlanner<A> planner) {
        planners.put(type, planner);
        return this;
    }

    @SuppressWarnings("unchecked")
    void plan(AgentAction action, PlanContext ctx, List<Step> out) throws SQLException {
        ActionPlanner<AgentAction> p = (ActionPlanner<AgentAction>) planners.get(action.getClass());
        if (p == null) {
            out.add(new RefusedStep(action.ref(), "this runner cannot carry out " + action.getClass().getSimpleName()));
            return;
        }
        p.plan(action, ctx, out);
    }
}
