package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.channels.ChannelException;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.session.DeferredWrite;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.InsertBatcher;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.RowsFinished;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.MessageKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass whose record only settles delivered rows keeps it for the session's next inbound
 * transaction (issue 6: the reply's record and the next message share one commit). Real session
 * files, a fake channel at the platform boundary; the flush timer is the test's hand.
 */
class DeferredRecordTest {
    private static final Duration DELAY = Duration.ofMillis(20);

    @TempDir
    Path tmp;
    DeliveryHarness h;
    final List<DeferredWrite> flushRequests = new CopyOnWriteArrayList<>();
    final List<Instant> flushTimes = new CopyOnWriteArrayList<>();
    volatile RowsFinished finished = RowsFinished.NONE;
    String in;

    @BeforeEach
    void setUp() throws Exception {
        h = new DeliveryHarness(tmp);
        h.delivery = deferring();
        in = h.files.chatIn("http", "demo", "hi");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private DeliveryService deferring() {
        return new DeliveryService(h.lanes, h.files.inbound(), h.channels, s -> { }, h.clock, 3,
                PendingQuestions.unavailable(), Duration.ofHours(24), 25L << 20, Map.of(),
                (c, paths, finishing) -> finished.prepare(c, paths, finishing), new TypingIndicator(h.channels, h.clock),
                5, HostMetrics.none(), new RecordDeferral(DELAY, (s, write, at) -> {
                    flushRequests.add(write);
                    flushTimes.add(at);
                }));
    }

    private void insertNext() throws Exception {
        new InsertBatcher(h.lanes, h.files.inbound(), new InboundWriter()).insert("s-1", h.files.paths(),
                () -> new NewInbound(Ids.mint(Ids.MESSAGE_IN), MessageKind.CHAT, "2026-11-22T10:00:05.000Z", null,
                        true, "demo", "http", null, "p-next", null, Json.write(Json.object().put("text", "next"))))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void theRepliesRecordWaitsAndTheNextMessagesInsertCommitsIt() throws Exception {
        String out = h.files.replyOut(in, null, null, "echo: hi");
        h.files.ack(in, 0, "completed");
        h.pass();

        assertThat(h.channel.sent).hasSize(1);
        assertThat(h.delivered(out)).as("the record waits").isEmpty();
        assertThat(h.inbound("SELECT status FROM messages_in")).containsExactly(Map.of("status", "pending"));
        assertThat(flushRequests).as("a flush is asked for, in case no insert comes").hasSize(1);
        assertThat(flushTimes).containsExactly(h.clock.instant().plus(DELAY));

        long commits = Sql.commits();
        insertNext();

        assertThat(Sql.commits() - commits).as("insert and record: one commit").isEqualTo(1);
        assertThat(h.delivered(out)).containsEntry("status", "delivered").containsEntry("platform_message_id", "p-1");
        assertThat(h.inbound("SELECT status FROM messages_in WHERE id = ?", in))
                .containsExactly(Map.of("status", "completed"));
        assertThat(h.files.inbound().isDeferred(h.files.paths(), flushRequests.get(0))).isFalse();
    }

    @Test
    void aPassBeforeAnyInsertSeesTheWaitingRecordAndSendsNothingTwice() throws Exception {
        String out = h.files.replyOut(in, null, null, "echo: hi");
        h.pass();
        h.pass();
        assertThat(h.channel.sent).as("the second pass read the record it committed first").hasSize(1);
        assertThat(h.delivered(out)).containsEntry("status", "delivered");
    }

    @Test
    void theFlushCommitsARecordNoInsertCarried() throws Exception {
        String out = h.files.replyOut(in, null, null, "echo: hi");
        h.pass();
        DeferredWrite waiting = flushRequests.get(0);
        long commits = Sql.commits();
        h.lanes.submit("s-1", () -> {
            h.files.inbound().flushDeferred(h.files.paths(), waiting);
            return null;
        }).get(30, TimeUnit.SECONDS);
        assertThat(Sql.commits() - commits).isEqualTo(1);
        assertThat(h.delivered(out)).containsEntry("status", "delivered");
    }

    @Test
    void aRecordLostWithTheHostRepeatsTheSendUnderTheSameKey() throws Exception {
        String out = h.files.replyOut(in, null, null, "echo: hi");
        h.pass();
        // the host dies: the waiting record is gone with its memory; a new host reads the files
        try (var freshInbound = new io.tandem.host.session.InboundDb(h.files.inbound().durability())) {
            new DeliveryService(h.lanes, freshInbound, h.channels, s -> { }, h.clock, 3,
                    PendingQuestions.unavailable(), Duration.ofHours(24)).pass(h.ref).get(30, TimeUnit.SECONDS);
        }
        assertThat(h.channel.sent).extracting(d -> d.messageOutId()).as("sent again under the same idempotency key")
                .containsExactly(out, out);
        assertThat(h.delivered(out)).as("the new host recorded it").containsEntry("status", "delivered");
    }

    @Test
    void aRetriedDeliveryIsRecordedAtOnce() throws Exception {
        String out = h.files.replyOut(in, null, null, "echo: hi");
        h.channel.failWith.set(new ChannelException("platform down", false));
        h.pass();
        assertThat(flushRequests).isEmpty();
        assertThat(h.inbound("SELECT attempts FROM delivery_attempts WHERE message_out_id = ?", out))
                .containsExactly(Map.of("attempts", 1));
    }

    @Test
    void aFailedDeliveryIsRecordedAtOnceWithItsNote() throws Exception {
        String out = h.files.replyOut(in, null, null, "echo: hi");
        h.channel.failWith.set(FakeChannel.permanent("chat was deleted"));
        h.pass();
        assertThat(flushRequests).isEmpty();
        assertThat(h.delivered(out)).containsEntry("status", "failed");
        assertThat(h.notes()).hasSize(1);
    }

    @Test
    void aRecordThatFinishesARecurringTaskIsCommittedAtOnce() throws Exception {
        finished = (c, paths, finishing) -> finishing.contains(in) ? (tx, sessionId, now) -> false
                : RowsFinished.InTx.NONE;
        String out = h.files.replyOut(in, null, null, "echo: hi");
        h.files.ack(in, 0, "completed");
        h.pass();
        assertThat(flushRequests).isEmpty();
        assertThat(h.delivered(out)).containsEntry("status", "delivered");
        assertThat(h.inbound("SELECT status FROM messages_in WHERE id = ?", in))
                .containsExactly(Map.of("status", "completed"));
    }
}
