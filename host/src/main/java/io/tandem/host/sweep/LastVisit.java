package io.tandem.host.sweep;

import io.tandem.host.session.SessionAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the sweep remembers of its last visit to one session (in memory only; a host start visits
 * every session once, which is also the recovery at start DESIGN 5.6 asks for).
 *
 * @param stamp     the session's files, stat'ed just <em>before</em> the visit, so a change made
 *                  during or after the visit always differs from it
 * @param statAt    when that stat was taken (for the racy-stamp rule)
 * @param quiet     the controller decided nothing but (at most) a future wake: no ack to sync, no
 *                  recovery, no runner to start, none present, no lock held by a stranger, not quarantined
 * @param nextDue   the earliest future {@code process_after} the visit reported, or null
 * @param revisitBy when this session is visited anyway (the backstop)
 */
public record LastVisit(FileStamp stamp, Instant statAt, boolean quiet, Instant nextDue, Instant revisitBy) {

    /**
     * The record of a visit from what the controller decided; {@code decided} null means the run
     * told nothing (coalesced with another, failed): not quiet, so the next pass visits again.
     */
    public static LastVisit of(FileStamp stamp, Instant statAt, List<SessionAction> decided, boolean quarantined,
                               Duration backstop) {
        boolean quiet = decided != null && !quarantined;
        Instant nextDue = null;
        if (decided != null) {
            for (SessionAction a : decided) {
                if (a instanceof SessionAction.WakeAt w) {
                    nextDue = nextDue == null || w.at().isBefore(nextDue) ? w.at() : nextDue;
                } else {
                    quiet = false;
                }
            }
        }
        return new LastVisit(stamp, statAt, quiet, nextDue, statAt.plus(backstop));
    }
}
