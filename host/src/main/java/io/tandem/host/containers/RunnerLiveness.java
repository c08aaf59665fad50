package io.tandem.host.containers;

import java.time.Duration;
import java.time.Instant;

/**
 * The liveness decision of the 1 s stat pass (DESIGN 5.3/5.6): a pure function of the spawn time,
 * the {@code .heartbeat} mtime, whether the process is alive, whether it was already marked
 * running, the time and {@code sweep.heartbeat_stale}, so every case is a row of a decision table.
 * Liveness is {@code now - max(heartbeat, spawn time)}; a heartbeat older than the spawn belongs
 * to an earlier runner and does not count. A dead process is left to its exit handler (which runs
 * recovery), never killed or marked.
 */
public final class RunnerLiveness {
    private RunnerLiveness() {
    }

    /** What to do about one runner: mark it {@code running} (first own heartbeat), kill it (stale), both or neither. */
    public record Decision(boolean markRunning, boolean kill) {
        static final Decision NOTHING = new Decision(false, false);
    }

    public static Decision decide(Instant spawnedAt, Instant heartbeat, boolean alive, boolean markedRunning,
                                  Instant now, Duration stale) {
        if (!alive) {
            return Decision.NOTHING;
        }
        boolean ownBeat = heartbeat != null && heartbeat.isAfter(spawnedAt);
        Instant last = ownBeat ? heartbeat : spawnedAt;
        boolean kill = Duration.between(last, now).compareTo(stale) > 0;
        return new Decision(ownBeat && !markedRunning && !kill, kill);
    }
}
