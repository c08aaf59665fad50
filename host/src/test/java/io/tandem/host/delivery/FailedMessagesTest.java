package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.messages.FailedMessages;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code messages failed} and {@code messages retry} on real session files and a real delivery pass. */
class FailedMessagesTest {
    @TempDir
    Path tmp;
    DeliveryHarness h;
    final List<String> woken = new CopyOnWriteArrayList<>();
    final List<String> kicked = new CopyOnWriteArrayList<>();
    FailedMessages messages;

    @BeforeEach
    void setUp() throws Exception {
        h = new DeliveryHarness(tmp);
        messages = new FailedMessages(h.files.inbound(), h.lanes, woken::add, s -> kicked.add(s.sessionId()));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void aFailedDeliveryIsListedWithItsErrorAndDeliveredAgainAfterRetry() throws Exception {
        h.files.chatIn("http", "demo", "hi");
        String out = h.rows.chat("the answer");
        h.channel.failWith.set(FakeChannel.permanent("chat was deleted"));
        h.pass();
        assertThat(h.delivered(out)).containsEntry("status", "failed");
        List<FailedMessages.Failure> failed = messages.list(h.ref).get(10, TimeUnit.SECONDS);
        assertThat(failed).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(out);
            assertThat(f.type()).isEqualTo("delivery");
            assertThat(f.error()).isEqualTo("chat was deleted");
        });

        h.channel.failWith.set(null);
        assertThat(messages.retry(h.ref, out).get(10, TimeUnit.SECONDS)).contains("delivery");
        assertThat(kicked).containsExactly(h.ref.sessionId());
        h.pass();
        assertThat(h.delivered(out)).containsEntry("status", "delivered");
        assertThat(h.channel.sent).extracting(d -> d.messageOutId()).containsExactly(out);
        assertThat(messages.list(h.ref).get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aFailedInboundRowBecomesPendingWithItsTriesResetAndAnUnknownIdIsAMiss() throws Exception {
        String first = h.files.chatIn("http", "demo", "failed at once");
        String later = h.files.chatIn("http", "demo", "failed after retries");
        h.files.ack(first, 0, "failed");
        h.files.inbound().with(h.files.paths(), c -> io.tandem.schema.db.Sql.update(c,
                "UPDATE messages_in SET status = 'failed', tries = 4 WHERE id IN (?, ?)", first, later));
        h.files.inbound().with(h.files.paths(), c -> io.tandem.schema.db.Sql.update(c,
                "UPDATE messages_in SET tries = 0 WHERE id = ?", first));
        assertThat(messages.list(h.ref).get(10, TimeUnit.SECONDS)).extracting(FailedMessages.Failure::id,
                FailedMessages.Failure::summary).containsExactly(
                org.assertj.core.groups.Tuple.tuple(first, "failed at once"),
                org.assertj.core.groups.Tuple.tuple(later, "failed after retries"));

        assertThat(messages.retry(h.ref, first).get(10, TimeUnit.SECONDS)).contains("inbound");
        assertThat(messages.retry(h.ref, later).get(10, TimeUnit.SECONDS)).contains("inbound");
        assertThat(messages.retry(h.ref, "m-nope").get(10, TimeUnit.SECONDS)).isEmpty();
        // tries 1 supersedes the runner's failed ack of attempt 0; without an ack they start over at 0
        assertThat(h.inbound("SELECT id, status, tries FROM messages_in ORDER BY seq"))
                .containsExactly(java.util.Map.of("id", first, "status", "pending", "tries", 1),
                        java.util.Map.of("id", later, "status", "pending", "tries", 0));
        assertThat(woken).containsExactly(h.ref.sessionId(), h.ref.sessionId());
    }
}
