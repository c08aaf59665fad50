package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentAction;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns one parsed agent action into the {@link Step}s it writes (or a refusal). One planner per
 * action type, registered in {@link ActionPlanners}: a new action type adds a planner there
 * instead of growing a switch.
 */
@FunctionalInterface
interface ActionPlanner<A extends AgentAction> {
    void plan(A action, PlanContext ctx, List<Step> out) throws SQLException;
}
