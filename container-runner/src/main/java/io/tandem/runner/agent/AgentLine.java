package io.tandem.runner.agent;

/**
 * One unit of agent output as the runner sees it: a complete line, a line that was too long and
 * was discarded (the agent is told), or the end of the agent's stdout (the agent is gone).
 */
public sealed interface AgentLine {
    /**
     * Roughly the heap this line holds, in chars (the text's length; 0 for markers). Used to
     * bound how much unapplied agent output the runner holds at once.
     */
    default long size() {
        return this instanceof Text t ? t.text().length() : 0;
    }

    /** A complete line, without its line terminator. */
    record Text(String text) implements AgentLine {
    }

    /** A line over the limit; its bytes were dropped as they arrived and never held in memory. */
    record Oversized(long bytes) implements AgentLine {
    }

    /** The agent's stdout reached EOF or failed: the agent process is gone or going. */
    record Closed() implements AgentLine {
    }
}
