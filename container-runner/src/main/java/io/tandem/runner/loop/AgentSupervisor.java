package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentConnection;
import io.tandem.runner.agent.AgentStarter;
import io.tandem.runner.agent.RunnerMessages;
import io.tandem.runner.store.Destination;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundStore;
import io.tandem.schema.session.ContainerSpec;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's one agent across restarts: starts it (and greets it with {@code hello}, whose
 * state and destinations are read fresh each time), tells its output from a dead predecessor's
 * by generation, and buries it when its output ends. Whether and when a dead agent is started
 * again is the {@link MainLoop}'s decision; this class only carries it out. Main thread only.
 */
final class AgentSupervisor {
    private static final Logger log = LoggerFactory.getLogger(AgentSupervisor.class);

    private final AgentStarter starter;
    private final String sessionId;
    private final ContainerSpec spec;
    private final InboundReader inbound;
    private final OutboundStore outbound;
    private AgentConnection agent;
    private int generation;

    AgentSupervisor(AgentStarter starter, String sessionId, ContainerSpec spec, InboundReader inbound,
            OutboundStore outbound) {
        this.starter = starter;
        this.sessionId = sessionId;
        this.spec = spec;
        this.inbound = inbound;
        this.outbound = outbound;
    }

    /** Starts the first agent; a failure here is the runner's (it cannot serve the session at all). */
    void start() throws Exception {
        agent = starter.start(generation);
        hello();
    }

    /** Starts a new agent after {@link #bury}; false (logged) when it cannot be started. */
    boolean restart() throws SQLException {
        try {
            agent = starter.start(generation);
        } catch (Exception e) {
            log.atError().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                    .log("agent.restart.failed");
            return false;
        }
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("generation", generation)
                .addKeyValue("agent", agent.label()).log("agent.restarted");
        hello();
        return true;
    }

    private void hello() throws SQLException {
        List<Destination> destinations = inbound.read(InboundReader::destinations).orElse(List.of());
        Map<String, String> state = outbound.sessionState();
        send(List.of(RunnerMessages.hello(sessionId, spec.agentGroupId(), spec.timezone(), destinations, state)));
    }

    /** True while an agent runs (between a start and its {@link #bury}). */
    boolean alive() {
        return agent != null;
    }

    /** True when output of {@code generation} comes from the agent running now. */
    boolean isCurrent(int outputGeneration) {
        return agent != null && outputGeneration == generation;
    }

    AgentConnection connection() {
        return agent;
    }

    void send(List<String> lines) {
        if (agent != null) {
            agent.send(lines);
        }
    }

    /** True when the agent's end was asked for (a stop, an idle exit): not a death. */
    boolean stopping() {
        return agent != null && agent.stopping();
    }

    /**
     * The agent's output ended without a stop: logs its exit, makes sure it is gone and returns
     * its exit code (-1 unknown). Any output it left queued is ignored from now on.
     */
    int bury(String batchId) {
        agent.waitFor(200);
        int code = agent.exitCodeOrMinusOne();
        log.atWarn().addKeyValue("session", sessionId).addKeyValue("agent_exit", code).addKeyValue("batch", batchId)
                .log("agent.exited");
        agent.kill();
        agent = null;
        generation++;
        return code;
    }

    /** Closes the agent's input and gives it {@code graceMillis} to exit (idle exit). */
    void closeAndWait(long graceMillis) {
        if (agent != null) {
            agent.closeInput();
            agent.waitFor(graceMillis);
        }
    }

    void kill() {
        if (agent != null) {
            agent.kill();
        }
    }
}
