package io.tandem.runner.agent;

/**
 * Starts the session's agent (again). The runner starts one at start-up and, when it dies, a
 * fresh one ({@code generation} counts the starts from 0); each start's output reaches the main
 * loop tagged with its generation, so a dead agent's leftovers are told apart.
 */
@FunctionalInterface
public interface AgentStarter {
    AgentConnection start(int generation) throws Exception;
}
