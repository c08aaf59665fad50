package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery passes against real session files, with a recording adapter at the channel boundary. */
class DeliveryServiceTest {
    @TempDir
    Path tmp;
    SessionFiles files;
    SessionRef ref;
    SessionLanes lanes;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    final RecordingAdapter adapter = new RecordingAdapter();
    DeliveryService delivery;

    static final class RecordingAdapter implements Channel {
        final List<OutboundDelivery> sent = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public String channelType() {
            return "http";
        }

        @Override
        public boolean supportsThreads() {
            return true;
        }

        @Override
        public boolean started() {
            return true;
        }

        @Override
        public CompletableFuture<String> send(OutboundDelivery d) {
            if (failing.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("platform down"));
            }
            sent.add(d);
            return CompletableFuture.completedFuture("p-" + sent.size());
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        files = new SessionFiles(tmp.resolve("data"), "g1", "s-1", "http", "demo");
        ref = new SessionRef("s-1", "g1", files.paths());
        lanes = new SessionLanes(2);
        ChannelRegistry adapters = new ChannelRegistry();
        adapters.register(adapter);
        delivery = new DeliveryService(lanes, files.inbound(), adapters, s -> { }, clock, 3);
    }

    @AfterEach
    void tearDown() {
        lanes.close();
    }

    private void pass() throws Exception {
        delivery.pass(ref).get(30, TimeUnit.SECONDS);
    }

    private DataInspector db() {
        return new DataInspector(tmp.resolve("data"));
    }

    @Test
    void aReplyGoesToTheChatOfTheMessageItAnswersAndIsRecordedOnce() throws Exception {
        String in = files.chatIn("http", "demo", "hi");
        String out = files.replyOut(in, null, null, "echo: hi");
        files.ack(in, 0, "completed");
        pass();
        pass();
        assertThat(adapter.sent).hasSize(1);
        assertThat(adapter.sent.get(0).platformId()).isEqualTo("demo");
        assertThat(adapter.sent.get(0).messageOutId()).isEqualTo(out);
        assertThat(db().inbound(files.paths(), "SELECT message_out_id, platform_message_id, status FROM delivered"))
                .containsExactly(Map.of("message_out_id", out, "platform_message_id", "p-1", "status", "delivered"));
        assertThat(db().inbound(files.paths(), "SELECT status FROM messages_in"))
                .containsExactly(Map.of("status", "completed"));
    }

    @Test
    void anAckOfASupersededAttemptDoesNotChangeTheStatus() throws Exception {
        String in = files.chatIn("http", "demo", "hi");
        files.inbound().with(files.paths(), c -> io.tandem.schema.db.Sql.update(c,
                "UPDATE messages_in SET tries = 1 WHERE id = ?", in));
        files.ack(in, 0, "completed");
        pass();
        assertThat(db().inbound(files.paths(), "SELECT status FROM messages_in"))
                .containsExactly(Map.of("status", "pending"));
    }

    @Test
    void aRowAimedAtAChatTheSessionNeverSawIsRefusedAndNotedWithoutWakingTheAgent() throws Exception {
        String in = files.chatIn("http", "demo", "hi");
        String out = files.replyOut(in, "http", "someone-elses-chat", "leak");
        pass();
        assertThat(adapter.sent).isEmpty();
        var delivered = db().inbound(files.paths(), "SELECT status, error FROM delivered WHERE message_out_id = ?", out);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).get("status")).isEqualTo("failed");
        assertThat((String) delivered.get(0).get("error")).contains("someone-elses-chat");
        var notes = db().inbound(files.paths(), "SELECT seq, trigger, content FROM messages_in WHERE kind = 'system'");
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).get("trigger")).isEqualTo(0);
        assertThat(((Number) notes.get(0).get("seq")).longValue() % 2).isZero();
        var note = Json.parse((String) notes.get(0).get("content"));
        assertThat(note.path("type").asText()).isEqualTo("delivery_failed");
        assertThat(note.path("message_out_id").asText()).isEqualTo(out);
    }

    @Test
    void anAdapterFailureIsRetriedWithBackoffUntilMaxAttemptsThenMarkedFailed() throws Exception {
        String in = files.chatIn("http", "demo", "hi");
        String out = files.replyOut(in, null, null, "echo: hi");
        adapter.failing.set(true);
        pass();
        assertThat(db().inbound(files.paths(), "SELECT attempts, last_error FROM delivery_attempts"))
                .containsExactly(Map.of("attempts", 1, "last_error", "platform down"));
        pass();
        assertThat(db().inbound(files.paths(), "SELECT attempts FROM delivery_attempts"))
                .as("not due again before its backoff").containsExactly(Map.of("attempts", 1));
        clock.advance(Duration.ofSeconds(3));
        pass();
        assertThat(db().inbound(files.paths(), "SELECT attempts FROM delivery_attempts"))
                .containsExactly(Map.of("attempts", 2));
        clock.advance(Duration.ofSeconds(5));
        pass();
        assertThat(db().inbound(files.paths(), "SELECT status FROM delivered WHERE message_out_id = ?", out))
                .containsExactly(Map.of("status", "failed"));
        assertThat(db().inbound(files.paths(), "SELECT count(*) AS n FROM delivery_attempts"))
                .containsExactly(Map.of("n", 0));
        assertThat(db().inbound(files.paths(), "SELECT trigger FROM messages_in WHERE kind = 'system'"))
                .containsExactly(Map.of("trigger", 0));
    }

    @Test
    void aRecoveredAdapterDeliversARowThatFailedBefore() throws Exception {
        String in = files.chatIn("http", "demo", "hi");
        files.replyOut(in, null, null, "echo: hi");
        adapter.failing.set(true);
        pass();
        adapter.failing.set(false);
        clock.advance(Duration.ofSeconds(3));
        pass();
        assertThat(adapter.sent).hasSize(1);
        assertThat(db().inbound(files.paths(), "SELECT status FROM delivered")).containsExactly(
                Map.of("status", "delivered"));
    }
}
