package io.tandem.host.session;

/**
 * What the host knows about a session's runner, as the runner scheduler holds it. Recovery is
 * only possible in {@link #NONE} and {@link #RESERVED}: no runner of ours exists, so a
 * {@code processing} ack can only be a dead runner's (DESIGN 5.6; issue 5 bug 4).
 */
public enum RunnerPresence {
    /** No slot and no runner. */
    NONE,
    /** A slot is held for this session but no process was started yet. */
    RESERVED,
    /** The process was (or is being) started; it may not hold {@code runner.lock} yet. */
    STARTING,
    /** The process is alive. */
    RUNNING,
    /** Asked to stop (SIGTERM) to free its slot; still alive until its exit is observed. */
    STOPPING;

    /** True while a process of ours may be touching {@code out/}. */
    public boolean processMayExist() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}
