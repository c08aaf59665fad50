package io.tandem.host.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.session.SessionAction;
import io.tandem.host.sweep.SweepSkip.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SweepSkip} as a decision table: when an idle session may be skipped, and every reason it may not. */
class SweepSkipTest {
    private static final Instant FILES = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant STAT = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration BACKSTOP = Duration.ofHours(1);
    private static final FileStamp.Stat IN = new FileStamp.Stat(8192, FILES, "ino-1");
    private static final FileStamp.Stat OUT = new FileStamp.Stat(12288, FILES.minusSeconds(5), "ino-2");
    private static final FileStamp STAMP = new FileStamp(IN, OUT);

    private record Row(String why, LastVisit last, FileStamp current, boolean runner, Instant now, Verdict expected) {
    }

    private static LastVisit quiet(FileStamp stamp, Instant statAt, Instant nextDue) {
        return new LastVisit(stamp, statAt, true, nextDue, statAt.plus(BACKSTOP));
    }

    @Test
    void decisionTable() {
        Instant soon = STAT.plusSeconds(90);
        List<Row> table = List.of(
                new Row("idle, unchanged, nothing due", quiet(STAMP, STAT, null), STAMP, false, STAT.plusSeconds(60),
                        Verdict.SKIP),
                new Row("no inbound.db", null, new FileStamp(FileStamp.Stat.MISSING, OUT), false, STAT,
                        Verdict.NO_FILES),
                new Row("never visited by this host", null, STAMP, false, STAT, Verdict.FIRST),
                new Row("last visit found work", new LastVisit(STAMP, STAT, false, null, STAT.plus(BACKSTOP)), STAMP,
                        false, STAT.plusSeconds(60), Verdict.NOT_QUIET),
                new Row("a runner of ours is present", quiet(STAMP, STAT, null), STAMP, true, STAT.plusSeconds(60),
                        Verdict.RUNNER),
                new Row("inbound.db grew", quiet(STAMP, STAT, null),
                        new FileStamp(new FileStamp.Stat(12288, FILES, "ino-1"), OUT), false, STAT.plusSeconds(60),
                        Verdict.CHANGED),
                new Row("inbound.db rewritten in place (mtime only)", quiet(STAMP, STAT, null),
                        new FileStamp(new FileStamp.Stat(8192, FILES.plusNanos(1), "ino-1"), OUT), false,
                        STAT.plusSeconds(60), Verdict.CHANGED),
                new Row("inbound.db replaced (inode only)", quiet(STAMP, STAT, null),
                        new FileStamp(new FileStamp.Stat(8192, FILES, "ino-9"), OUT), false, STAT.plusSeconds(60),
                        Verdict.CHANGED),
                new Row("outbound.db committed by a runner", quiet(STAMP, STAT, null),
                        new FileStamp(IN, new FileStamp.Stat(12288, FILES.plusSeconds(1), "ino-2")), false,
                        STAT.plusSeconds(60), Verdict.CHANGED),
                new Row("outbound.db appeared", quiet(new FileStamp(IN, FileStamp.Stat.MISSING), STAT, null),
                        STAMP, false, STAT.plusSeconds(60), Verdict.CHANGED),
                new Row("stamp taken in the same tick as a write", quiet(STAMP, FILES.plusSeconds(1), null), STAMP, false,
                        STAT.plusSeconds(60), Verdict.RACY),
                new Row("stamp taken just outside the racy window", quiet(STAMP, FILES.plus(SweepSkip.RACY).plusNanos(1),
                        null), STAMP, false, FILES.plusSeconds(60), Verdict.SKIP),
                new Row("process_after reported, not yet due", quiet(STAMP, STAT, soon), STAMP, false, soon.minusMillis(1),
                        Verdict.SKIP),
                new Row("process_after reported, now due", quiet(STAMP, STAT, soon), STAMP, false, soon, Verdict.DUE),
                new Row("backstop not reached", quiet(STAMP, STAT, null), STAMP, false,
                        STAT.plus(BACKSTOP).minusMillis(1), Verdict.SKIP),
                new Row("backstop reached", quiet(STAMP, STAT, null), STAMP, false, STAT.plus(BACKSTOP), Verdict.BACKSTOP));
        for (Row r : table) {
            assertThat(SweepSkip.decide(r.last(), r.current(), r.runner(), r.now())).as(r.why()).isEqualTo(r.expected());
        }
    }

    @Test
    void aVisitIsQuietOnlyWhenTheControllerDecidedNothingButAFutureWake() {
        Instant at = STAT.plusSeconds(30);
        Instant later = STAT.plusSeconds(90);
        assertThat(LastVisit.of(STAMP, STAT, List.of(), false, BACKSTOP))
                .isEqualTo(new LastVisit(STAMP, STAT, true, null, STAT.plus(BACKSTOP)));
        assertThat(LastVisit.of(STAMP, STAT, List.of(new SessionAction.WakeAt(later), new SessionAction.WakeAt(at)),
                false, BACKSTOP)).isEqualTo(new LastVisit(STAMP, STAT, true, at, STAT.plus(BACKSTOP)));
        assertThat(LastVisit.of(STAMP, STAT, null, false, BACKSTOP).quiet()).as("coalesced: unknown").isFalse();
        assertThat(LastVisit.of(STAMP, STAT, List.of(), true, BACKSTOP).quiet()).as("quarantined").isFalse();
        for (SessionAction busy : List.<SessionAction>of(new SessionAction.SyncAcks(List.of()),
                new SessionAction.Recover(List.of()), new SessionAction.StartRunner(STAT), new SessionAction.ReleaseSlot(),
                new SessionAction.RetryAt(at), new SessionAction.Activity(false), new SessionAction.Quarantine("bad"))) {
            assertThat(LastVisit.of(STAMP, STAT, List.of(busy), false, BACKSTOP).quiet()).as(busy.toString()).isFalse();
        }
    }
}
