package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.Scrape;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a real host's admin listener moves with the traffic: messages routed and
 * dropped, deliveries, both latency histograms, the runner spawned and seen running; the JVM and
 * process meters are there from the first scrape.
 */
class MetricsEndpointTest {
    private static final String ROUTED = "tandem_messages_routed_total{channel=\"http\"}";
    private static final String DELIVERED = "tandem_deliveries_total{result=\"delivered\"}";
    private static final String LATENCY = "tandem_delivery_latency_seconds_count";
    private static final String END_TO_END = "tandem_end_to_end_latency_seconds_count";
    private static final String SPAWNED = "tandem_runner_spawns_total{result=\"started\"}";
    private static final String RUNNING = "tandem_runners_running";

    @TempDir
    Path tmp;

    @Test
    void countersAndHistogramsMoveWhenMessagesFlow() throws Exception {
        try (HostProcess host = HostProcess.start(tmp.resolve("data"))) {
            Scrape before = Scrape.of(host.admin());
            assertThat(before.has(LATENCY)).as("histograms exist before the first message").isTrue();
            assertThat(before.value(LATENCY)).isZero();
            assertThat(before.has(RUNNING)).isTrue();
            assertThat(before.value(RUNNING)).isZero();
            assertThat(before.has("tandem_runners_queued")).isTrue();
            assertThat(before.has("tandem_lanes_active")).isTrue();
            assertThat(before.has("tandem_sqlite_busy_waits_total")).isTrue();
            assertThat(before.has("tandem_sweep_pass_seconds_count")).isTrue();
            assertThat(before.text()).contains("jvm_memory_used_bytes{").contains("jvm_gc_")
                    .contains("jvm_threads_live_threads")
                    .contains("process_uptime_seconds").contains("process_files_open_files")
                    .contains("process_cpu_usage").contains("tandem_delivery_latency_seconds_bucket{le=\"1.0\"}");

            ChatClient chat = new ChatClient(host.httpBase());
            for (int i = 0; i < 2; i++) {
                assertThat(chat.say("demo", "ann", "hello " + i).status()).isEqualTo(202);
            }
            String once = "{\"id\":\"client-1\",\"sender\":{\"id\":\"ann\"},\"text\":\"once\"}";
            assertThat(chat.post("demo", once).status()).isEqualTo(202);
            assertThat(chat.post("demo", once).status()).as("a re-post is a duplicate").isEqualTo(200);
            ChatClient.Reply dropped = chat.say("nobody-wired-this", "ann", "anyone?");
            String reason = dropped.body().path("dropped").asText();
            assertThat(reason).as(dropped.body().toString()).isNotEmpty();
            long cursor = 0;
            for (int i = 0; i < 3; i++) {
                cursor = chat.awaitEvent("demo", cursor, 60).path("cursor").asLong();
            }

            await("metrics after three echo round trips").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        Scrape after = Scrape.of(host.admin());
                        assertThat(after.value(ROUTED) - before.value(ROUTED)).isEqualTo(3);
                        assertThat(after.value("tandem_messages_duplicate_total{channel=\"http\"}")).isEqualTo(1);
                        assertThat(after.value("tandem_messages_dropped_total{channel=\"http\",reason=\"" + reason
                                + "\"}")).isEqualTo(1);
                        assertThat(after.value(DELIVERED) - before.value(DELIVERED)).isEqualTo(3);
                        assertThat(after.value(LATENCY) - before.value(LATENCY)).isEqualTo(3);
                        assertThat(after.value(END_TO_END) - before.value(END_TO_END)).isEqualTo(3);
                        assertThat(after.value("tandem_end_to_end_latency_seconds_sum"))
                                .as("end to end covers the agent's turn").isPositive();
                        assertThat(after.value(SPAWNED)).isGreaterThanOrEqualTo(1);
                        assertThat(after.value(RUNNING)).as("the echo runner stays up until idle_exit").isEqualTo(1);
                        assertThat(after.value("tandem_sqlite_commits_total"))
                                .isGreaterThan(before.value("tandem_sqlite_commits_total"));
                    });
            assertThat(new ChatClient("http://" + host.admin()).get("/healthz").status()).isEqualTo(200);
        }
    }
}
