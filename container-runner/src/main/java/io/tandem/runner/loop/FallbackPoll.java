package io.tandem.runner.loop;

import io.tandem.runner.store.DbFileVersion;
import io.tandem.runner.store.InboundReader;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Stat first, query second: the main loop's fallback poll runs every second for every session,
 * but the pending rows it looks for can only change when inbound.db changes or when a scheduled
 * row's {@code process_after} comes. After a poll that found inbound.db readable and nothing to
 * start, this remembers the file's {@link DbFileVersion} (read <em>before</em> that poll's query,
 * so a commit racing the query shows as a change) and the earliest not-yet-due
 * {@code process_after}; the next polls skip the query while the version is the same and that
 * moment has not come.
 *
 * <p>Everything else that decides eligibility changes only through the loop itself (a batch
 * started or ended, a {@code /clear}, acks pruned, outbound retention): those scans and
 * housekeeping call {@link #forget}, so the next poll queries again. A missing or unreadable
 * file, or a version that cannot be read, never skips.
 */
final class FallbackPoll {
    /** What the last settled poll saw: the file's version and the next due moment (null: none). */
    record Baseline(DbFileVersion version, String nextDue) {
    }

    private final Path file;
    private final InboundReader inbound;
    private final Clock clock;
    private Baseline baseline;
    private Optional<DbFileVersion> seen = Optional.empty();
    private String seenAt;
    private long skipped;

    FallbackPoll(Path file, InboundReader inbound, Clock clock) {
        this.file = file;
        this.inbound = inbound;
        this.clock = clock;
    }

    /**
     * The decision, a pure function: skip only when a baseline exists, the file's version now is
     * the baseline's, and no scheduled row has come due ({@code now < nextDue}, the same string
     * order the pending query uses for {@code process_after <= now}).
     */
    static boolean canSkip(Baseline baseline, Optional<DbFileVersion> now, String nowTs) {
        return baseline != null && now.isPresent() && now.get().equals(baseline.version())
                && (baseline.nextDue() == null || nowTs.compareTo(baseline.nextDue()) < 0);
    }

    /**
     * Called when the poll is due, before any query: true when the query must run. Reads the
     * file's version (only between statements on the loop thread, see {@link DbFileVersion}).
     */
    boolean needsScan() {
        seenAt = Timestamps.format(clock.instant());
        seen = DbFileVersion.read(file);
        if (canSkip(baseline, seen, seenAt)) {
            skipped++;
            return false;
        }
        return true;
    }

    /**
     * After the poll's scan: {@code settled} when it read inbound.db and started nothing. Then the
     * next due moment is read (rows not due at the moment the version was read) and becomes the
     * baseline with that version; otherwise the baseline is dropped.
     */
    void scanned(boolean settled) {
        if (!settled || seen.isEmpty()) {
            forget();
            return;
        }
        String at = seenAt;
        Optional<Optional<String>> due = inbound.read(c -> InboundReader.nextDue(c, at));
        baseline = due.map(d -> new Baseline(seen.get(), d.orElse(null))).orElse(null);
    }

    /** Something the loop did may have changed what is eligible: the next poll queries. */
    void forget() {
        baseline = null;
    }

    /** Polls skipped so far. */
    long skipped() {
        return skipped;
    }
}
