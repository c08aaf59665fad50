package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.session.RowsFinished;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.host.work.SessionLanes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a delivery pass counts, against real session files: each attempt by result once its
 * transaction committed, the delivery latency from the outbound row's timestamp and the end-to-end
 * latency from the timestamp of the chat message the reply answers (SessionFiles writes the
 * inbound row at 10:00:00.000 and the reply at 10:00:01.000).
 */
class DeliveryMetricsTest {
    @TempDir
    Path tmp;
    SessionFiles files;
    SessionRef ref;
    SessionLanes lanes;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:05Z"));
    final DeliveryServiceTest.RecordingAdapter adapter = new DeliveryServiceTest.RecordingAdapter();
    final HostMetrics metrics = HostMetrics.none();
    DeliveryService delivery;

    @BeforeEach
    void setUp() throws Exception {
        files = new SessionFiles(tmp.resolve("data"), "g1", "s-1", "http", "demo");
        ref = new SessionRef("s-1", "g1", files.paths());
        lanes = new SessionLanes(2);
        ChannelRegistry adapters = new ChannelRegistry();
        adapters.register(adapter);
        delivery = new DeliveryService(lanes, files.inbound(), adapters, s -> { }, clock, 3,
                PendingQuestions.unavailable(), Duration.ofHours(24), 25L << 20, Map.of(), RowsFinished.NONE,
                new TypingIndicator(adapters, clock), 5, metrics);
    }

    @AfterEach
    void tearDown() {
        lanes.close();
        metrics.close();
    }

    private void pass() throws Exception {
        delivery.pass(ref).get(30, TimeUnit.SECONDS);
    }

    private double deliveries(String result) {
        var c = metrics.registry().find("tandem.deliveries").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private Timer timer(String name) {
        return metrics.registry().get(name).timer();
    }

    @Test
    void aDeliveredReplyCountsOnceWithBothLatencies() throws Exception {
        String in = files.chatIn("http", "demo", "hi");
        files.replyOut(in, null, null, "echo: hi");
        pass();
        pass();
        assertThat(adapter.sent).hasSize(1);
        assertThat(deliveries("delivered")).isEqualTo(1);
        assertThat(deliveries("failed") + deliveries("retried")).isZero();
        assertThat(timer("tandem.delivery.latency").count()).isEqualTo(1);
        assertThat(timer("tandem.delivery.latency").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4000);
        assertThat(timer("tandem.end_to_end.latency").count()).isEqualTo(1);
        assertThat(timer("tandem.end_to_end.latency").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5000);
    }

    @Test
    void aRowWithNoChatMessageBehindItHasADeliveryLatencyButNoEndToEnd() throws Exception {
        files.replyOut(null, "http", "demo", "a notice nobody asked for");
        pass();
        assertThat(adapter.sent).hasSize(1);
        assertThat(timer("tandem.delivery.latency").count()).isEqualTo(1);
        assertThat(timer("tandem.end_to_end.latency").count()).isZero();
    }

    @Test
    void retriedAttemptsAndTheFinalFailureAreCountedWithoutLatencies() throws Exception {
        String in = files.chatIn("http", "demo", "hi");
        files.replyOut(in, null, null, "echo: hi");
        adapter.failing.set(true);
        pass();
        assertThat(deliveries("retried")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(3));
        pass();
        assertThat(deliveries("retried")).isEqualTo(2);
        clock.advance(Duration.ofSeconds(5));
        pass();
        assertThat(deliveries("failed")).isEqualTo(1);
        assertThat(deliveries("delivered")).isZero();
        assertThat(timer("tandem.delivery.latency").count()).isZero();
        assertThat(timer("tandem.end_to_end.latency").count()).isZero();
    }
}
