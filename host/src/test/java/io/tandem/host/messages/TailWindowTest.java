package io.tandem.host.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.rows.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a tail shows and where it continues, as decision-table rows of the pure {@link TailWindow}. */
class TailWindowTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration HOLD = Duration.ofSeconds(5);

    private static String at(int secondsAgo) {
        return io.tandem.schema.time.Timestamps.format(NOW.minusSeconds(secondsAgo));
    }

    private static TailRow in(String s, long seq, int secondsAgo) {
        return new TailRow(s, seq, "in-" + seq, "chat", at(secondsAgo), MessageStatus.COMPLETED, null, "ann",
                "hi " + seq, null, null, null);
    }

    private static TailRow out(String s, long seq, int secondsAgo, DeliveryOutcome o) {
        return new TailRow(s, seq, "out-" + seq, "chat", at(secondsAgo), null, o, null, "echo " + seq, null, null,
                null);
    }

    private static List<Long> seqs(TailWindow.Slice slice) {
        return slice.rows().stream().map(TailRow::seq).toList();
    }

    @Test
    void bothDirectionsMergeByTimeThenSeqAndTheCursorKeepsOnePositionPerFile() {
        var s = new TailWindow.SessionRows("s1", List.of(in("s1", 2, 30), in("s1", 4, 20)),
                List.of(out("s1", 3, 25, DeliveryOutcome.DELIVERED), out("s1", 5, 20, DeliveryOutcome.FAILED)));
        TailWindow.Slice all = TailWindow.last(List.of(s), 20, NOW, HOLD);
        assertThat(seqs(all)).containsExactly(2L, 3L, 4L, 5L);
        assertThat(all.cursor().format()).isEqualTo("s1:4:5");
        assertThat(all.more()).isFalse();

        TailWindow.Slice lastTwo = TailWindow.last(List.of(s), 2, NOW, HOLD);
        assertThat(seqs(lastTwo)).containsExactly(4L, 5L);
        assertThat(lastTwo.cursor().format()).as("everything read is behind the cursor").isEqualTo("s1:4:5");
        assertThat(lastTwo.more()).isTrue();
    }

    @Test
    void aYoungPendingOutboundRowIsHeldWithEveryLaterRowOfItsFileAndShownOnceItsDeliveryIsRecorded() {
        var read = new TailWindow.SessionRows("s1", List.of(in("s1", 2, 10), in("s1", 4, 1)),
                List.of(out("s1", 3, 9, DeliveryOutcome.DELIVERED), out("s1", 5, 1, DeliveryOutcome.PENDING),
                        out("s1", 7, 1, DeliveryOutcome.DELIVERED)));
        TailWindow.Slice first = TailWindow.last(List.of(read), 20, NOW, HOLD);
        assertThat(seqs(first)).containsExactly(2L, 3L, 4L);
        assertThat(first.cursor().of("s1")).as("out stops just before the held row")
                .isEqualTo(new TailCursor.Position(4, 4));

        // the next poll reads after the cursor: 5 is delivered now
        var later = new TailWindow.SessionRows("s1", List.of(),
                List.of(out("s1", 5, 1, DeliveryOutcome.DELIVERED), out("s1", 7, 1, DeliveryOutcome.DELIVERED)));
        TailWindow.Slice next = TailWindow.after(List.of(later), first.cursor(), 500, NOW, HOLD);
        assertThat(seqs(next)).containsExactly(5L, 7L);
        assertThat(next.rows().get(0).status()).isEqualTo("delivered");
        assertThat(next.cursor().of("s1")).isEqualTo(new TailCursor.Position(4, 7));
    }

    @Test
    void aPendingRowOlderThanTheHoldIsShownAsPendingAndARetryingOneAtOnce() {
        var read = new TailWindow.SessionRows("s1", List.of(),
                List.of(out("s1", 3, 6, DeliveryOutcome.PENDING), out("s1", 5, 0, DeliveryOutcome.RETRYING)));
        TailWindow.Slice slice = TailWindow.after(List.of(read), TailCursor.EMPTY, 500, NOW, HOLD);
        assertThat(slice.rows()).extracting(TailRow::status).containsExactly("pending", "retrying");
    }

    @Test
    void aLimitTakesAPrefixOfEachFileSoTheNextPollSkipsNothing() {
        var read = new TailWindow.SessionRows("s1", List.of(in("s1", 10, 5), in("s1", 12, 3)),
                List.of(out("s1", 11, 4, DeliveryOutcome.DELIVERED), out("s1", 13, 2, DeliveryOutcome.DELIVERED)));
        TailCursor from = TailCursor.parse("s1:8:9");
        TailWindow.Slice slice = TailWindow.after(List.of(read), from, 3, NOW, HOLD);
        assertThat(seqs(slice)).containsExactly(10L, 11L, 12L);
        assertThat(slice.more()).isTrue();
        assertThat(slice.cursor().of("s1")).isEqualTo(new TailCursor.Position(12, 11));
        TailWindow.Slice nothing = TailWindow.after(List.of(new TailWindow.SessionRows("s1", List.of(), List.of())),
                from, 3, NOW, HOLD);
        assertThat(nothing.cursor().of("s1")).as("no rows: the cursor stays").isEqualTo(new TailCursor.Position(8, 9));
    }

    @Test
    void aRowCommittedLateWithALowerSeqIsStillShownBecauseEachFileHasItsOwnPosition() {
        // the runner committed 11 before the host committed 10: a single "after 11" would skip 10
        TailCursor after11 = new TailCursor(Map.of("s1", new TailCursor.Position(8, 11)));
        var read = new TailWindow.SessionRows("s1", List.of(in("s1", 10, 1)), List.of());
        assertThat(seqs(TailWindow.after(List.of(read), after11, 500, NOW, HOLD))).containsExactly(10L);
    }

    @Test
    void sessionsOfOneChatInterleaveByTime() {
        var a = new TailWindow.SessionRows("a", List.of(in("a", 2, 30), in("a", 4, 10)), List.of());
        var b = new TailWindow.SessionRows("b", List.of(in("b", 2, 20)), List.of(out("b", 3, 5,
                DeliveryOutcome.DELIVERED)));
        TailWindow.Slice slice = TailWindow.after(List.of(a, b), TailCursor.EMPTY, 500, NOW, HOLD);
        assertThat(slice.rows()).extracting(r -> r.session() + r.seq()).containsExactly("a2", "b2", "a4", "b3");
        assertThat(slice.cursor().format()).isEqualTo("a:4:0,b:2:3");
        assertThat(TailCursor.parse(slice.cursor().format())).isEqualTo(slice.cursor());
    }

    @Test
    void aCursorThatIsNotOneIsRefusedNamingAfter() {
        assertThatThrownBy(() -> TailCursor.parse("12")).hasMessage(
                "after '12' is not a tail cursor (SESSION:IN:OUT,...)");
        assertThatThrownBy(() -> TailCursor.parse("s:x:1")).hasMessageStartingWith("after 's:x:1'");
        assertThatThrownBy(() -> TailCursor.parse("../x:1:1")).hasMessageStartingWith("after '../x:1:1'");
    }
}
