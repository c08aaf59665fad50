package io.tandem.host.sweep;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the sweep visits a session this pass (issue 6: idle sessions cost nothing). A pure
 * function of the last visit's record, one fresh stat of the session's files, what the scheduler
 * knows about a runner, and the time, tested as a decision table. A visit opens inbound.db and
 * outbound.db and starts a delivery pass; a skip costs the stat alone. Skipping is only ever
 * allowed when the last visit found the session quiet and nothing since can have changed that:
 * <ol>
 *   <li>no inbound.db: nothing to visit ({@link Verdict#NO_FILES}, as before);</li>
 *   <li>never visited by this host ({@link Verdict#FIRST}) — so every session gets its recovery at start;</li>
 *   <li>the last visit was not quiet: work, a runner, a stranger's lock, a quarantine ({@link Verdict#NOT_QUIET});</li>
 *   <li>a runner of ours is reserved, starting, running or stopping ({@link Verdict#RUNNER});</li>
 *   <li>any file's size, mtime or inode differs from the last stamp ({@link Verdict#CHANGED});</li>
 *   <li>the last stamp was taken within {@link #RACY} of the newest mtime in it: a write in the
 *       same timestamp tick could hide behind an equal mtime, so it is not trusted ({@link Verdict#RACY},
 *       the rule git uses for its index);</li>
 *   <li>a {@code process_after} the last visit reported is due ({@link Verdict#DUE}; its timer fires
 *       too, this is the backstop for it);</li>
 *   <li>the backstop age passed ({@link Verdict#BACKSTOP}: a full visit at least once per period,
 *       {@link SweepVerticle#DEFAULT_BACKSTOP});</li>
 *   <li>otherwise {@link Verdict#SKIP}.</li>
 * </ol>
 */
public final class SweepSkip {
    /** Timestamps closer than this to the stat that read them are not trusted (coarse mtime granularity). */
    public static final Duration RACY = Duration.ofSeconds(2);

    /** The decision and its reason (a reason is logged at debug and counted in the pass log). */
    public enum Verdict {
        NO_FILES(false), FIRST(true), NOT_QUIET(true), RUNNER(true), CHANGED(true), RACY(true), DUE(true),
        BACKSTOP(true), SKIP(false);

        private final boolean visit;

        Verdict(boolean visit) {
            this.visit = visit;
        }

        public boolean visit() {
            return visit;
        }
    }

    private SweepSkip() {
    }

    /**
     * @param last          the record of the last visit, null if none
     * @param current       the session's files now
     * @param runnerPresent the scheduler knows a runner of ours for the session (any presence but none)
     */
    public static Verdict decide(LastVisit last, FileStamp current, boolean runnerPresent, Instant now) {
        if (current.inbound().missing()) {
            return Verdict.NO_FILES;
        }
        if (last == null) {
            return Verdict.FIRST;
        }
        if (!last.quiet()) {
            return Verdict.NOT_QUIET;
        }
        if (runnerPresent) {
            return Verdict.RUNNER;
        }
        if (!current.equals(last.stamp())) {
            return Verdict.CHANGED;
        }
        if (!last.stamp().newest().isBefore(last.statAt().minus(RACY))) {
            return Verdict.RACY;
        }
        if (last.nextDue() != null && !now.isBefore(last.nextDue())) {
            return Verdict.DUE;
        }
        if (!now.isBefore(last.revisitBy())) {
            return Verdict.BACKSTOP;
        }
        return Verdict.SKIP;
    }
}
