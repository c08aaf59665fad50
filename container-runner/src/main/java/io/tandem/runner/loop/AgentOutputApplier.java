package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.agent.AgentAction;
import io.tandem.runner.agent.AgentActions;
import io.tandem.runner.agent.AgentLine;
import io.tandem.runner.agent.AgentConnection;
import io.tandem.runner.agent.RunnerMessages;
import io.tandem.runner.store.Destination;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundRows;
import io.tandem.runner.store.OutboundStore;
import io.tandem.runner.store.Route;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.time.Timestamps;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a group of agent lines with as few commits as possible: everything the group needs
 * from inbound.db (the {@code otherMax} for seq minting, destinations) is read first, then every
 * write of the group (reply rows, state, and on {@code done} the final acks) goes into ONE
 * outbound transaction, then the {@code result} lines are written back to the agent in one write.
 * An agent that writes its replies and {@code done} together therefore costs one commit.
 * Refused lines get {@code ok:false} with a reason and write nothing. The caller hands over
 * groups bounded in lines and chars, so one transaction never holds more than one such chunk:
 * a batch's output is streamed into outbound.db, never held whole.
 *
 * <p>Each send of a batch counts its text (UTF-8 bytes) against {@code max_output_per_batch}.
 * The send that would cross it is refused, the batch's messages are acked {@code failed} with the
 * reason in the same transaction, and every later send of that batch is refused until its
 * {@code done} (which then writes no acks): the agent learns it through the {@code ok:false}
 * results, the host through the failed acks, and the runner carries on with the next batch.
 */
final class AgentOutputApplier {
    private static final Logger log = LoggerFactory.getLogger(AgentOutputApplier.class);

    private final InboundReader inbound;
    private final OutboundStore outbound;
    private final AgentConnection agent;
    private final String sessionId;
    private final long maxOutputPerBatch;

    AgentOutputApplier(InboundReader inbound, OutboundStore outbound, AgentConnection agent, String sessionId,
            long maxOutputPerBatch) {
        this.inbound = inbound;
        this.outbound = outbound;
        this.agent = agent;
        this.sessionId = sessionId;
        this.maxOutputPerBatch = maxOutputPerBatch;
    }

    /** What the group did to the loop's state. */
    record Outcome(boolean batchFinished, boolean agentGone) {
    }

    /**
     * {@code FAIL_BATCH}: the output limit was crossed, {@code a} is the reason for the failed acks;
     * {@code DONE_AFTER_FAILURE}: the agent's done for such a batch (its acks are already written).
     */
    private enum Kind { SEND, DONE, DONE_AFTER_FAILURE, FAIL_BATCH, STATE_SET, STATE_DELETE, REFUSED }

    /** One line's planned effect; {@code seq} is filled in by the transaction. */
    private static final class Step {
        final Kind kind;
        final JsonNode ref;
        final String a;
        final String b;
        final Route route;
        final boolean failed;
        final String id;
        long seq;

        Step(Kind kind, JsonNode ref, String a, String b, Route route, boolean failed, String id) {
            this.kind = kind;
            this.ref = ref;
            this.a = a;
            this.b = b;
            this.route = route;
            this.failed = failed;
            this.id = id;
        }

        static Step refused(JsonNode ref, String reason) {
            return new Step(Kind.REFUSED, ref, reason, null, null, false, null);
        }
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
            return new Outcome(false, gone);
        }
        InboundMessage replyTo = batch != null ? batch.replyTo() : fallbackReplyTo;
        List<Step> steps = plan(actions, batch, replyTo);
        boolean finished = steps.stream().anyMatch(s -> s.kind == Kind.DONE || s.kind == Kind.DONE_AFTER_FAILURE);
        if (steps.stream().anyMatch(s -> s.kind != Kind.REFUSED)) {
            commit(steps, batch, replyTo);
        }
        logOutcome(steps, batch, replyTo);
        List<String> results = new ArrayList<>();
        for (Step s : steps) {
            switch (s.kind) {
                case SEND -> results.add(RunnerMessages.resultOk(s.ref, s.seq));
                case STATE_SET, STATE_DELETE -> results.add(RunnerMessages.resultOk(s.ref, null));
                case REFUSED -> results.add(RunnerMessages.resultError(s.ref, s.a));
                case DONE, DONE_AFTER_FAILURE, FAIL_BATCH -> {
                    // done carries no ref; the next batch is its answer. FAIL_BATCH's send is refused
                }
            }
        }
        agent.send(results);
        return new Outcome(finished, gone);
    }

    private List<Step> plan(List<AgentAction> actions, Batch batch, InboundMessage replyTo) {
        boolean needDestinations = actions.stream()
                .anyMatch(a -> a instanceof AgentAction.Send s && s.to() != null);
        Map<String, Destination> destinations = needDestinations
                ? inbound.read(InboundReader::destinationsByName).orElse(null) : Map.of();
        List<Step> steps = new ArrayList<>();
        boolean doneSeen = false;
        for (AgentAction action : actions) {
            if (action instanceof AgentAction.Send s) {
                planLimitedSend(s, batch, replyTo, destinations, steps);
            } else if (action instanceof AgentAction.Done d) {
                String refusal = batch == null ? "done for batch " + d.batchId() + " but no batch is in flight"
                        : doneSeen ? "batch " + d.batchId() + " is already done"
                        : !batch.id().equals(d.batchId())
                                ? "done for batch " + d.batchId() + " but batch " + batch.id() + " is in flight"
                                : null;
                if (refusal != null) {
                    steps.add(Step.refused(d.ref(), refusal));
                } else {
                    doneSeen = true;
                    // a batch the runner already failed keeps its failed acks: done writes none
                    steps.add(new Step(batch.failure() == null ? Kind.DONE : Kind.DONE_AFTER_FAILURE, d.ref(),
                            d.batchId(), d.error(), null, d.failed(), null));
                }
            } else if (action instanceof AgentAction.StateSet s) {
                steps.add(new Step(Kind.STATE_SET, s.ref(), s.key(), s.value(), null, false, null));
            } else if (action instanceof AgentAction.StateDelete s) {
                steps.add(new Step(Kind.STATE_DELETE, s.ref(), s.key(), null, null, false, null));
            } else if (action instanceof AgentAction.Invalid i) {
                steps.add(Step.refused(i.ref(), i.reason()));
            }
        }
        return steps;
    }

    /**
     * A send counted against the batch's output limit: written, refused because the batch already
     * failed, or refused as the one that crosses the limit (then a {@code FAIL_BATCH} step too).
     */
    private void planLimitedSend(AgentAction.Send s, Batch batch, InboundMessage replyTo,
            Map<String, Destination> destinations, List<Step> steps) {
        if (batch == null) {
            steps.add(planSend(s, replyTo, destinations));
            return;
        }
        if (batch.failure() != null) {
            steps.add(Step.refused(s.ref(), "batch " + batch.id() + " has failed (" + batch.failure()
                    + "); this send was discarded"));
            return;
        }
        long bytes = Utf8.length(s.text());
        if (batch.outputBytes() + bytes > maxOutputPerBatch) {
            String reason = "agent output of batch " + batch.id() + " exceeded agent.max_output_per_batch ("
                    + maxOutputPerBatch + " bytes, " + batch.outputBytes() + " written before this send of "
                    + bytes + " bytes)";
            batch.fail(reason);
            steps.add(new Step(Kind.FAIL_BATCH, s.ref(), reason, null, null, true, null));
            steps.add(Step.refused(s.ref(), reason + "; the batch is failed and its further sends are discarded"));
            return;
        }
        Step step = planSend(s, replyTo, destinations);
        if (step.kind == Kind.SEND) {
            batch.addOutput(bytes);
        }
        steps.add(step);
    }

    private static Step planSend(AgentAction.Send s, InboundMessage replyTo, Map<String, Destination> destinations) {
        Route route;
        if (s.to() == null) {
            route = replyTo == null ? Route.DEFAULT
                    : new Route(replyTo.channelType(), replyTo.platformId(), replyTo.threadId());
        } else if (destinations == null) {
            return Step.refused(s.ref(), "destinations cannot be read right now; try again");
        } else {
            Destination d = destinations.get(s.to());
            if (d == null) {
                return Step.refused(s.ref(), "unknown destination " + s.to());
            }
            route = d.route();
        }
        String content = Json.write(Json.object().put("text", s.text()));
        return new Step(Kind.SEND, s.ref(), content, null, route, false, Ids.mint(Ids.MESSAGE_OUT));
    }

    private void commit(List<Step> steps, Batch batch, InboundMessage replyTo) throws SQLException {
        boolean anySend = steps.stream().anyMatch(s -> s.kind == Kind.SEND);
        // the other file's max seq: a finished read BEFORE the write transaction (invariant 2)
        long otherMax = anySend ? inbound.read(InboundReader::maxSeq).orElse(0L) : 0L;
        String now = Timestamps.format(Instant.now());
        String inReplyTo = replyTo == null ? null : replyTo.id();
        outbound.tx(c -> {
            boolean done = false;
            for (Step s : steps) {
                switch (s.kind) {
                    case SEND -> s.seq = OutboundRows.insertChat(c, s.id, otherMax, inReplyTo, s.route, s.a, now);
                    case STATE_SET -> OutboundRows.stateSet(c, s.a, s.b, now);
                    case STATE_DELETE -> OutboundRows.stateDelete(c, s.a);
                    case DONE, DONE_AFTER_FAILURE -> {
                        if (s.kind == Kind.DONE) {
                            OutboundRows.ackFinal(c, batch.messages(), s.failed, s.b, now);
                        }
                        OutboundRows.containerState(c, null, null, "idle", now);
                        done = true;
                    }
                    case FAIL_BATCH -> OutboundRows.ackFinal(c, batch.messages(), true, s.a, now);
                    case REFUSED -> {
                        // nothing to write
                    }
                }
            }
            if (!done && batch != null) {
                OutboundRows.containerState(c, batch.id(), batch.startedAt(), "agent.output", now);
            }
            return null;
        });
    }

    private void logOutcome(List<Step> steps, Batch batch, InboundMessage replyTo) {
        String inReplyTo = replyTo == null ? null : replyTo.id();
        for (Step s : steps) {
            switch (s.kind) {
                case SEND -> log.atInfo().addKeyValue("session", sessionId).addKeyValue("seq", s.seq)
                        .addKeyValue("id", s.id).addKeyValue("in_reply_to", inReplyTo).log("reply.written");
                case DONE, DONE_AFTER_FAILURE -> log.atInfo().addKeyValue("session", sessionId)
                        .addKeyValue("seq", batch.firstSeq()).addKeyValue("last_seq", batch.lastSeq()).addKeyValue("batch", batch.id())
                        .addKeyValue("status", s.failed || batch.failure() != null ? "failed" : "completed")
                        .addKeyValue("output_bytes", batch.outputBytes())
                        .addKeyValue("messages", batch.messages().size()).log("batch.done");
                case FAIL_BATCH -> log.atWarn().addKeyValue("session", sessionId).addKeyValue("seq", batch.firstSeq())
                        .addKeyValue("batch", batch.id()).addKeyValue("limit", maxOutputPerBatch)
                        .addKeyValue("output_bytes", batch.outputBytes()).log("batch.output_limit");
                case REFUSED -> log.atWarn().addKeyValue("session", sessionId).addKeyValue("ref", s.ref)
                        .addKeyValue("reason", s.a).log("agent.line.refused");
                default -> {
                    // state changes are not message-path events
                }
            }
        }
    }
}
