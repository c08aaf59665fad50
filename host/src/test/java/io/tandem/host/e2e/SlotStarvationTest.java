package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.Scrape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 bug 1: more sessions with due work than {@code containers.max_running} never wait for
 * {@code runner.idle_exit} (default 5 min): idle runners are asked to stop so the waiting sessions
 * get a slot within seconds.
 */
class SlotStarvationTest {
    @TempDir
    Path tmp;

    @Test
    void sixSessionsWithTrafficUnderACapOfTwoAreAllAnsweredWithinSeconds() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.init(data);
        List<String> chats = new ArrayList<>(List.of("demo"));
        for (int i = 1; i < 6; i++) {
            DataFolders.wireEchoChat(data, "chat-" + i);
            chats.add("chat-" + i);
        }
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__MAX_RUNNING", "2");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            long start = System.nanoTime();
            for (String c : chats) {
                assertThat(chat.say(c, "ann", "hi " + c).status()).isEqualTo(202);
            }
            for (String c : chats) {
                long left = 60 - (System.nanoTime() - start) / 1_000_000_000L;
                assertThat(chat.awaitEvent(c, 0, (int) Math.max(1, left)).path("text").asText())
                        .isEqualTo("echo: hi " + c);
            }
            // and a second round, while runners from the first still hold both slots
            for (String c : chats) {
                assertThat(chat.say(c, "ann", "again " + c).status()).isEqualTo(202);
            }
            long second = System.nanoTime();
            for (String c : chats) {
                long left = 60 - (System.nanoTime() - second) / 1_000_000_000L;
                assertThat(chat.awaitEvent(c, 1, (int) Math.max(1, left)).path("text").asText())
                        .isEqualTo("echo: again " + c);
            }
            assertThat(host.logText()).contains("runner.stop_requested");
            long spawned = host.logText().lines().filter(l -> l.contains("runner.spawned")).count();
            assertThat(spawned).as("runners spawned").isGreaterThanOrEqualTo(6);
            Scrape metrics = Scrape.of(host.admin());
            assertThat(metrics.value("tandem_runner_spawns_total{result=\"started\"}")).isGreaterThanOrEqualTo(6);
            assertThat(metrics.value("tandem_runner_stops_total{reason=\"evicted\"}")).isGreaterThanOrEqualTo(1);
            assertThat(metrics.value("tandem_runners_running")).isLessThanOrEqualTo(2);
            new DataInspector(data).runTandemCheck();
        }
    }
}
