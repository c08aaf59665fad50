package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.runner.SessionFixture;
import io.tandem.runner.store.DbFileVersion;
import io.tandem.runner.store.InboundReader;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stat-first fallback poll: its decision as a table, then against a real inbound.db. */
class FallbackPollTest {
    private static final DbFileVersion V1 = new DbFileVersion("inode-1", 8192, 1_000, 7);
    private static final String T0 = "2026-12-03T01:00:00.000Z";
    private static final String T1 = "2026-12-03T01:00:01.000Z";
    private static final String T2 = "2026-12-03T01:00:02.000Z";

    @TempDir
    Path tmp;

    private SessionFixture session;
    private InboundReader inbound;
    private MutableClock clock;
    private FallbackPoll poll;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
        inbound = new InboundReader(session.paths.inboundDb(), "s");
        clock = new MutableClock(Instant.now());
        poll = new FallbackPoll(session.paths.inboundDb(), inbound, clock);
    }

    @AfterEach
    void tearDown() {
        inbound.close();
    }

    @Test
    void decision_table() {
        FallbackPoll.Baseline none = new FallbackPoll.Baseline(V1, null);
        FallbackPoll.Baseline dueAtT1 = new FallbackPoll.Baseline(V1, T1);
        Optional<DbFileVersion> same = Optional.of(new DbFileVersion("inode-1", 8192, 1_000, 7));
        // baseline, version now, now -> skip?
        assertThat(FallbackPoll.canSkip(null, same, T0)).as("no baseline").isFalse();
        assertThat(FallbackPoll.canSkip(none, same, T0)).as("unchanged, nothing scheduled").isTrue();
        assertThat(FallbackPoll.canSkip(none, same, T2)).as("unchanged, nothing scheduled, later").isTrue();
        assertThat(FallbackPoll.canSkip(dueAtT1, same, T0)).as("unchanged, not due yet").isTrue();
        assertThat(FallbackPoll.canSkip(dueAtT1, same, T1)).as("due exactly now").isFalse();
        assertThat(FallbackPoll.canSkip(dueAtT1, same, T2)).as("due in the past").isFalse();
        assertThat(FallbackPoll.canSkip(none, Optional.empty(), T0)).as("version unreadable").isFalse();
        assertThat(FallbackPoll.canSkip(none, Optional.of(new DbFileVersion("inode-2", 8192, 1_000, 7)), T0))
                .as("file replaced").isFalse();
        assertThat(FallbackPoll.canSkip(none, Optional.of(new DbFileVersion("inode-1", 12288, 1_000, 7)), T0))
                .as("grown").isFalse();
        assertThat(FallbackPoll.canSkip(none, Optional.of(new DbFileVersion("inode-1", 8192, 2_000, 7)), T0))
                .as("touched").isFalse();
        assertThat(FallbackPoll.canSkip(none, Optional.of(new DbFileVersion("inode-1", 8192, 1_000, 8)), T0))
                .as("committed, same size and mtime tick").isFalse();
    }

    /** One settled poll: the version is read, the (empty) scan done, the baseline taken. */
    private void settle() {
        assertThat(poll.needsScan()).isTrue();
        poll.scanned(true);
    }

    @Test
    void an_unchanged_file_skips_and_a_commit_does_not() throws Exception {
        settle();
        assertThat(poll.needsScan()).isFalse();
        assertThat(poll.needsScan()).isFalse();
        assertThat(poll.skipped()).isEqualTo(2);

        session.insertChat("new", true);
        assertThat(poll.needsScan()).isTrue();
    }

    @Test
    void a_commit_that_keeps_size_and_mtime_is_still_seen_through_the_change_counter() throws Exception {
        String id = session.insertChat("row", true);
        settle();
        Path db = session.paths.inboundDb();
        long size = Files.size(db);
        FileTime mtime = Files.getLastModifiedTime(db);
        session.setStatus(id, "pending", 1); // the host's retry: an update in place
        Files.setLastModifiedTime(db, mtime); // as if within the same coarse mtime tick
        assertThat(Files.size(db)).isEqualTo(size);
        assertThat(poll.needsScan()).isTrue();
    }

    @Test
    void a_scheduled_row_makes_the_poll_query_once_its_time_has_come_with_the_file_unchanged() throws Exception {
        Instant at = clock.instant().plus(Duration.ofMinutes(10));
        session.insertMessage("later", true, 0, "pending", Timestamps.format(at));
        session.insertMessage("much later", true, 0, "pending", Timestamps.format(at.plus(Duration.ofHours(1))));
        settle();
        clock.set(at.minusMillis(1));
        assertThat(poll.needsScan()).as("a ms early").isFalse();
        clock.set(at);
        assertThat(poll.needsScan()).as("due").isTrue();
    }

    @Test
    void rows_due_already_or_not_pending_do_not_hold_the_poll() throws Exception {
        Instant now = clock.instant();
        session.insertMessage("past", true, 0, "pending", Timestamps.format(now.minus(Duration.ofMinutes(1))));
        session.insertMessage("done", true, 0, "completed", Timestamps.format(now.plus(Duration.ofMinutes(1))));
        settle();
        clock.set(now.plus(Duration.ofMinutes(2)));
        assertThat(poll.needsScan()).isFalse();
    }

    @Test
    void no_baseline_after_an_unsettled_scan_a_forget_or_an_unreadable_file() throws Exception {
        assertThat(poll.needsScan()).isTrue();
        poll.scanned(false);
        assertThat(poll.needsScan()).as("the scan started something").isTrue();

        poll.scanned(true);
        poll.forget();
        assertThat(poll.needsScan()).as("forgotten").isTrue();

        poll.scanned(true);
        Path db = session.paths.inboundDb();
        Path aside = tmp.resolve("aside.db");
        Files.move(db, aside);
        assertThat(poll.needsScan()).as("missing").isTrue();
        poll.scanned(true);
        assertThat(poll.needsScan()).as("still missing: never a baseline without a version").isTrue();

        Files.copy(aside, db, StandardCopyOption.COPY_ATTRIBUTES);
        settle();
        Path copy = tmp.resolve("copy.db");
        Files.copy(db, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, db, StandardCopyOption.REPLACE_EXISTING);
        assertThat(poll.needsScan()).as("replaced by an identical copy").isTrue();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
