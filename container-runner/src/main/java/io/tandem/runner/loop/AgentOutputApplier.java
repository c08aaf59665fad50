package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentAction;
import io.tandem.runner.agent.AgentActions;
import io.tandem.runner.agent.AgentLine;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundRows;
import io.tandem.runner.store.OutboundStore;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.time.Timestamps;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a group of agent lines with as few commits as possible: each line is parsed
 * ({@link AgentActions}) and planned by the planner of its type ({@link ActionPlanners}), which
 * reads what it needs from the session files (and copies attached files) BEFORE any write; then
 * every write of the group (the batch's pending pickup acks, message rows, state, and on
 * {@code done} the final acks) goes into ONE outbound transaction, and the {@code result} lines
 * are handed back for one write to the agent. An agent that writes its replies and {@code done}
 * together therefore costs one commit. Refused lines get {@code ok:false} with a reason and
 * write nothing. The caller hands over groups bounded in lines and chars, so one transaction never
 * holds more than one such chunk: a batch's output is streamed into outbound.db, never held whole.
 *
 * <p>Every message row of a batch counts against {@code max_output_per_batch} (see
 * {@link PlanContext#admit}): the line that would cross it is refused, the batch's messages are
 * acked {@code failed} with the reason in the same transaction, and every later line of that
 * batch that writes a message is refused until its {@code done} (which then writes no acks).
 */
final class AgentOutputApplier {
    private final InboundReader inbound;
    private final OutboundStore outbound;
    private final ActionEnv env;
    private final ActionPlanners planners = ActionPlanners.standard();

    AgentOutputApplier(InboundReader inbound, OutboundStore outbound, ActionEnv env) {
        this.inbound = inbound;
        this.outbound = outbound;
        this.env = env;
    }

    /** What the group did to the loop's state, and the {@code result} lines to send the agent. */
    record Outcome(boolean batchFinished, boolean agentGone, List<String> results) {
    }

    /**
     * Applies {@code lines}. {@code batch} is the batch in flight (or null); {@code fallbackReplyTo}
     * is the row a send outside any batch replies to (the last batch's, or null).
     */
    Outcome apply(List<AgentLine> lines, Batch batch, InboundMessage fallbackReplyTo) throws SQLException {
        List<AgentAction> actions = new ArrayList<>();
        boolean gone = false;
        for (AgentLine line : lines) {
            if (line instanceof AgentLine.Text t) {
                actions.add(AgentActions.parse(t.text()));
            } else if (line instanceof AgentLine.Oversized) {
                actions.add(new AgentAction.Invalid(null, "line over 1 MiB"));
            } else {
                gone = true;
                break;
            }
        }
        if (actions.isEmpty()) {
            return new Outcome(false, gone, List.of());
        }
        PlanContext ctx = new PlanContext(env, inbound, outbound, batch,
                batch != null ? batch.replyTo() : fallbackReplyTo);
        List<Step> steps = new ArrayList<>();
        for (AgentAction action : actions) {
            planners.plan(action, ctx, steps);
        }
        boolean finished = steps.stream().anyMatch(Step::endsBatch);
        if (steps.stream().anyMatch(Step::writes)) {
            commit(steps, batch, finished);
        }
        List<String> results = new ArrayList<>();
        for (Step s : steps) {
            s.log(env.sessionId());
            String result = s.result();
            if (result != null) {
                results.add(result);
            }
        }
        return new Outcome(finished, gone, results);
    }

    private void commit(List<Step> steps, Batch batch, boolean finished) throws SQLException {
        // the other file's max seq: a finished read BEFORE the write transaction (invariant 2)
        long otherMax = steps.stream().anyMatch(Step::mintsSeq) ? inbound.read(InboundReader::maxSeq).orElse(0L) : 0L;
        String now = Timestamps.format(Instant.now());
        Step.TxContext tx = new Step.TxContext(otherMax, now);
        boolean pickup = batch != null && batch.pickupPending();
        outbound.tx(c -> {
            if (pickup) {
                PickupAcks.write(c, batch, now); // first: a done step below replaces the acks
            }
            for (Step s : steps) {
                s.write(c, tx);
            }
            if (!finished && batch != null) {
                OutboundRows.containerState(c, batch.id(), batch.startedAt(), "agent.output", now);
            }
            return null;
        });
        if (pickup) {
            batch.pickupWritten();
        }
    }
}
