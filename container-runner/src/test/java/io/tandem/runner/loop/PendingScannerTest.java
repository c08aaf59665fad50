package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.runner.SessionFixture;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundRows;
import io.tandem.runner.store.OutboundStore;
import io.tandem.schema.db.Durability;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingScannerTest {
    @TempDir
    Path tmp;

    private SessionFixture session;
    private InboundReader inbound;
    private OutboundStore outbound;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
        inbound = new InboundReader(session.paths.inboundDb(), "s");
        outbound = OutboundStore.open(session.paths.outboundDb(), Durability.PROCESS);
    }

    @AfterEach
    void tearDown() {
        inbound.close();
        outbound.close();
    }

    private List<String> next(int max, boolean firstPoll) throws Exception {
        return new PendingScanner(inbound, outbound, max).next(firstPoll).orElseThrow().stream()
                .map(InboundMessage::id).toList();
    }

    @Test
    void only_due_pending_rows_are_eligible_oldest_first() throws Exception {
        String later = Timestamps.format(Instant.now().plus(Duration.ofMinutes(5)));
        String past = Timestamps.format(Instant.now().minus(Duration.ofMinutes(5)));
        String a = session.insertChat("a", true);
        session.insertMessage("scheduled", true, 0, "pending", later);
        session.insertMessage("done", true, 0, "completed", null);
        String b = session.insertMessage("retry due", true, 1, "pending", past);
        assertThat(next(10, false)).containsExactly(a, b);
    }

    @Test
    void a_batch_needs_a_trigger_row_and_accumulated_rows_ride_along_up_to_the_batch_size() throws Exception {
        String q1 = session.insertChat("q1", false);
        assertThat(next(10, false)).isEmpty();
        String q2 = session.insertChat("q2", false);
        String t = session.insertChat("t", true);
        assertThat(next(10, false)).containsExactly(q1, q2, t);
        assertThat(next(2, false)).containsExactly(q1, q2);
    }

    @Test
    void rows_with_an_ack_of_their_current_attempt_are_skipped_but_superseded_acks_do_not_hide_a_row()
            throws Exception {
        String acked = session.insertChat("acked", true);
        String retried = session.insertMessage("retried", true, 1, "pending", null);
        List<InboundMessage> rows = new PendingScanner(inbound, outbound, 10).next(false).orElseThrow();
        String now = Timestamps.format(Instant.now());
        outbound.tx(c -> {
            OutboundRows.ackProcessing(c, rows.subList(0, 1), now);
            // an ack from attempt 0 of the retried row: superseded by tries = 1
            io.tandem.schema.db.Sql.update(c, "INSERT INTO processing_ack(message_id, attempt, status,"
                    + " status_changed) VALUES (?, 0, 'failed', ?)", retried, now);
            return null;
        });
        assertThat(rows.get(0).id()).isEqualTo(acked);
        assertThat(next(10, false)).containsExactly(retried);
    }

    @Test
    void a_processing_ack_a_dead_runner_left_does_not_hide_its_row_until_this_runner_resumes_it() throws Exception {
        String left = session.insertChat("left behind", true);
        String finished = session.insertChat("finished", true);
        List<InboundMessage> rows = new PendingScanner(inbound, outbound, 10).next(false).orElseThrow();
        String now = Timestamps.format(Instant.now());
        outbound.tx(c -> {
            OutboundRows.ackProcessing(c, rows.subList(0, 1), now);
            OutboundRows.ackFinal(c, rows.subList(1, 2), false, null, now);
            return null;
        });
        assertThat(next(10, false)).as("a live runner's own processing ack hides the row").isEmpty();

        AbandonedAcks abandoned = AbandonedAcks.load(outbound); // what a new runner finds at start
        assertThat(abandoned.size()).isEqualTo(1);
        PendingScanner scanner = new PendingScanner(inbound, outbound, 10, abandoned);
        List<InboundMessage> again = scanner.next(false).orElseThrow();
        assertThat(again).extracting(InboundMessage::id).containsExactly(left);
        assertThat(RetryNotes.isRetry(again.get(0), abandoned)).isTrue();
        assertThat(finished).isNotEqualTo(left);

        abandoned.resumed(again);
        assertThat(scanner.next(false).orElseThrow()).as("now it is this runner's batch").isEmpty();
        assertThat(RetryNotes.isRetry(again.get(0), abandoned)).isFalse();
    }

    @Test
    void on_wake_rows_are_offered_only_on_the_first_poll() throws Exception {
        String wake = session.insertChat("on wake", true);
        session.setOnWake(wake);
        assertThat(next(10, false)).isEmpty();
        assertThat(next(10, true)).containsExactly(wake);
    }

    @Test
    void an_unreadable_inbound_db_is_reported_as_nothing_readable_now() throws Exception {
        Files.delete(session.paths.inboundDb());
        assertThat(new PendingScanner(inbound, outbound, 10).next(true)).isEmpty();
    }
}
