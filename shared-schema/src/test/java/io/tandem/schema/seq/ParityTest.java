package io.tandem.schema.seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.rows.MessageStatus;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.testsupport.SessionFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityTest {
    @TempDir
    Path dir;

    @Test
    void nextIsTheSmallestLargerNumberOfTheRightParity() {
        assertThat(Parity.EVEN.next(0)).isEqualTo(2);
        assertThat(Parity.EVEN.next(1)).isEqualTo(2);
        assertThat(Parity.EVEN.next(2)).isEqualTo(4);
        assertThat(Parity.ODD.next(0)).isEqualTo(1);
        assertThat(Parity.ODD.next(1)).isEqualTo(3);
        assertThat(Parity.ODD.next(2)).isEqualTo(3);
        for (Parity p : Parity.values()) {
            for (long max = 0; max <= 10_000; max++) {
                long n = p.next(max);
                assertThat(n).isGreaterThan(max);
                assertThat(Parity.of(n)).isEqualTo(p);
                assertThat(p.matches(n)).isTrue();
                // smallest: nothing of that parity lies strictly between max and n
                for (long k = max + 1; k < n; k++) {
                    assertThat(Parity.of(k)).isNotEqualTo(p);
                }
            }
        }
    }

    @Test
    void zeroAndNegativeNumbersAreNoValidSeq() {
        assertThat(Parity.EVEN.matches(0)).isFalse();
        assertThat(Parity.EVEN.matches(-2)).isFalse();
        assertThat(Parity.ODD.matches(-1)).isFalse();
        assertThat(Parity.ODD.matches(1)).isTrue();
    }

    @Test
    void theMintingSqlComputesTheSameNextAsJavaOverOwnMaxAndOtherMax() throws Exception {
        Path file = dir.resolve("inbound.db");
        SessionFiles.create(file, SessionSchema.INBOUND);
        SeqMinter minter = SeqMinter.inbound();
        assertThat(minter.parity()).isEqualTo(Parity.EVEN);
        assertThat(SeqMinter.outbound().parity()).isEqualTo(Parity.ODD);
        String insert = "INSERT INTO messages_in(id, seq, kind, timestamp, series_id, content) VALUES (?, "
                + minter.nextSeqSql() + ", 'chat', 't', 's', '{}')";
        long[] otherMaxes = {0, 0, 7, 3, 30, 31, 1, 100, 99};
        long own = 0;
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            for (int i = 0; i < otherMaxes.length; i++) {
                String id = "m-" + i;
                long other = otherMaxes[i];
                Sql.tx(c, tx -> Sql.update(tx, insert, id, other));
                long expected = Parity.EVEN.next(Math.max(own, other));
                assertThat(minter.seqOf(c, id)).as("own max %d, other max %d", own, other).isEqualTo(expected);
                own = expected;
            }
        }
    }

    @Test
    void theOddMintingSqlComputesTheSameNextAsJava() throws Exception {
        Path file = dir.resolve("outbound.db");
        SessionFiles.create(file, SessionSchema.OUTBOUND);
        SeqMinter minter = SeqMinter.outbound();
        String insert = "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES (?, "
                + minter.nextSeqSql() + ", 't', 'chat', '{}')";
        long[] otherMaxes = {0, 0, 8, 2, 30, 31, 1, 100};
        long own = 0;
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            for (int i = 0; i < otherMaxes.length; i++) {
                String id = "o-" + i;
                long other = otherMaxes[i];
                Sql.tx(c, tx -> Sql.update(tx, insert, id, other));
                long expected = Parity.ODD.next(Math.max(own, other));
                assertThat(minter.seqOf(c, id)).as("own max %d, other max %d", own, other).isEqualTo(expected);
                own = expected;
            }
        }
    }

    @Test
    void inboundRecordsRejectAnOddOrNonPositiveSeq() {
        assertThat(inbound(2).seq()).isEqualTo(2);
        for (long bad : new long[] {1, 3, 0, -2}) {
            assertThatThrownBy(() -> inbound(bad)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("even");
        }
    }

    @Test
    void outboundRecordsRejectAnEvenOrNonPositiveSeq() {
        assertThat(outbound(1).seq()).isEqualTo(1);
        for (long bad : new long[] {2, 4, 0, -1}) {
            assertThatThrownBy(() -> outbound(bad)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("odd");
        }
    }

    @Test
    void rowsReadBackFromAFileWrittenByTheWrongSideAreRejected() throws Exception {
        // A table without the CHECK, as a foreign or corrupted writer could leave it.
        Path file = dir.resolve("wrong.db");
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            Sql.exec(c, "CREATE TABLE messages_in(id, seq, kind, timestamp, status, process_after, recurrence, "
                    + "series_id, tries, trigger, on_wake, platform_id, channel_type, thread_id, platform_message_id, "
                    + "source_session_id, content)");
            Sql.exec(c, "INSERT INTO messages_in VALUES ('m-ok', 4, 'chat', 't', 'pending', NULL, NULL, 's', 0, 1, 0, "
                    + "NULL, NULL, NULL, NULL, NULL, '{}')");
            Sql.exec(c, "INSERT INTO messages_in VALUES ('m-bad', 5, 'chat', 't', 'pending', NULL, NULL, 's', 0, 1, 0, "
                    + "NULL, NULL, NULL, NULL, NULL, '{}')");
            List<InboundMessage> ok = Sql.list(c,
                    "SELECT " + InboundMessage.COLUMNS + " FROM messages_in WHERE seq = 4", InboundMessage::map);
            assertThat(ok).singleElement().satisfies(m -> {
                assertThat(m.kind()).isEqualTo(MessageKind.CHAT);
                assertThat(m.status()).isEqualTo(MessageStatus.PENDING);
                assertThat(m.trigger()).isTrue();
                assertThat(m.onWake()).isFalse();
            });
            assertThatThrownBy(() -> Sql.list(c, "SELECT " + InboundMessage.COLUMNS + " FROM messages_in",
                    InboundMessage::map)).isInstanceOf(IllegalStateException.class).hasMessageContaining("m-bad");

            Sql.exec(c, "CREATE TABLE messages_out(id, seq, in_reply_to, timestamp, deliver_after, kind, platform_id, "
                    + "channel_type, thread_id, content)");
            Sql.exec(c,
                    "INSERT INTO messages_out VALUES ('o-bad', 6, NULL, 't', NULL, 'chat', NULL, NULL, NULL, '{}')");
            assertThatThrownBy(() -> Sql.list(c, "SELECT " + OutboundMessage.COLUMNS + " FROM messages_out",
                    OutboundMessage::map)).isInstanceOf(IllegalStateException.class).hasMessageContaining("o-bad");
        }
    }

    private static InboundMessage inbound(long seq) {
        return new InboundMessage("m-1", seq, MessageKind.CHAT, "2026-11-22T02:47:18.123Z", MessageStatus.PENDING,
                null, null, "m-1", 0, true, false, "demo", "http", null, null, null, "{}");
    }

    private static OutboundMessage outbound(long seq) {
        return new OutboundMessage("o-1", seq, null, "2026-11-22T02:47:18.123Z", null, OutboundKind.CHAT, "demo",
                "http", null, "{}");
    }
}
