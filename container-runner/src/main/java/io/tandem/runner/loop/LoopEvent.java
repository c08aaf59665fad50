package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentLine;
import java.util.List;

/** What wakes the main loop. Everything the loop reacts to arrives as one of these, in one queue. */
public sealed interface LoopEvent {
    /** inbound.db (or its journal) changed: scan for pending rows. Coalesced: at most one queued. */
    record Wake() implements LoopEvent {
    }

    /**
     * Lines the agent wrote in one go (already complete lines). {@code generation} names the
     * agent process they came from (0 for the first, one more per restart), so output a dead
     * agent left queued is never taken for its successor's.
     */
    record FromAgent(List<AgentLine> lines, int generation) implements LoopEvent {
        public FromAgent(List<AgentLine> lines) {
            this(lines, 0);
        }

        /** The chars these lines hold (see {@link AgentLine#size()}). */
        public long size() {
            long n = 0;
            for (AgentLine l : lines) {
                n += l.size();
            }
            return n;
        }
    }

    /** Stop the runner with this exit code (stdin EOF, signal). The first stop request wins. */
    record Stop(int exitCode, String reason) implements LoopEvent {
    }
}
