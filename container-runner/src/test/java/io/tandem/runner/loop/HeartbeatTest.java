package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats of many sessions on the JVM's one timer thread. */
class HeartbeatTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final FileTime LONG_AGO = FileTime.fromMillis(0);

    @TempDir
    Path tmp;

    private static boolean touchedSince(Path file, FileTime t) throws Exception {
        return Files.getLastModifiedTime(file).compareTo(t) > 0;
    }

    @Test
    void heartbeats_of_several_sessions_share_one_thread_and_a_closed_one_stops() throws Exception {
        Path a = tmp.resolve("a.heartbeat");
        Path b = tmp.resolve("b.heartbeat");
        try (Heartbeat ha = new Heartbeat(a, 50, "a"); Heartbeat hb = new Heartbeat(b, 50, "b")) {
            ha.touch();
            hb.touch();
            Files.setLastModifiedTime(a, LONG_AGO);
            Files.setLastModifiedTime(b, LONG_AGO);
            ha.start();
            hb.start();
            await("both beat").atMost(DEADLINE).until(() -> touchedSince(a, LONG_AGO) && touchedSince(b, LONG_AGO));
            assertThat(InboundWatcherTest.threadsNamed("heartbeat")).isEqualTo(1);
            assertThat(Heartbeat.scheduled()).isEqualTo(2);

            ha.close();
            assertThat(Heartbeat.scheduled()).isEqualTo(1);
            Files.setLastModifiedTime(a, LONG_AGO);
            // b beats on the same thread twice more: a would have beaten in that time too
            for (int i = 0; i < 2; i++) {
                Files.setLastModifiedTime(b, LONG_AGO);
                await("b beats on").atMost(DEADLINE).until(() -> touchedSince(b, LONG_AGO));
            }
            assertThat(Files.getLastModifiedTime(a)).isEqualTo(LONG_AGO);
        }
        assertThat(Heartbeat.scheduled()).isZero();
    }

    @Test
    void a_heartbeat_closed_before_it_started_never_beats_and_a_missing_file_is_created() throws Exception {
        Path a = tmp.resolve("a.heartbeat");
        Path b = tmp.resolve("b.heartbeat");
        Heartbeat never = new Heartbeat(a, 20, "a");
        never.close();
        never.start();
        try (Heartbeat hb = new Heartbeat(b, 20, "b")) {
            hb.start();
            await("b created by its beat").atMost(DEADLINE).until(() -> Files.exists(b));
            Files.setLastModifiedTime(b, LONG_AGO);
            await("b beats on").atMost(DEADLINE).until(() -> touchedSince(b, LONG_AGO));
        }
        assertThat(a).doesNotExist();
    }
}
