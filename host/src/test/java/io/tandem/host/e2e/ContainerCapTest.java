package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wakes are deduplicated per session and capped by containers.max_running with a FIFO queue. */
class ContainerCapTest {
    @TempDir
    Path tmp;

    @Test
    void rapidMessagesToOneSessionSpawnOneRunner() throws Exception {
        Path data = tmp.resolve("data");
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            for (int i = 0; i < 5; i++) {
                assertThat(chat.say("demo", "ann", "burst " + i).status()).isEqualTo(202);
            }
            long cursor = 0;
            int replies = 0;
            while (replies < 5) {
                var r = chat.poll("demo", cursor, 20);
                for (var e : r.body().path("events")) {
                    assertThat(e.path("text").asText()).startsWith("echo: burst ");
                    cursor = e.path("cursor").asLong();
                    replies++;
                }
                assertThat(r.body().path("events").size()).as("a reply within 20 s").isPositive();
            }
            assertThat(count(host.logText(), "runner.spawned")).isEqualTo(1);
        }
    }

    @Test
    void aSecondSessionWaitsForAFreeSlotWhenTheCapIsReached() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.init(data);
        DataFolders.wireEchoChat(data, "second");
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__MAX_RUNNING", "1");
        env.put("TANDEM_RUNNER__IDLE_EXIT", "2s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "one").status()).isEqualTo(202);
            assertThat(chat.say("second", "bob", "two").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: one");
            assertThat(chat.awaitEvent("second", 0, 60).path("text").asText()).isEqualTo("echo: two");
            List<String> lines = host.logText().lines().toList();
            String first = sessionOf(lines, "demo-session-spawn");
            int firstExit = indexOf(lines, "runner.exited", first);
            String second = lines.stream().filter(l -> l.contains("runner.queued")).findFirst()
                    .map(ContainerCapTest::session).orElseThrow(() -> new AssertionError("no runner.queued line"));
            assertThat(second).isNotEqualTo(first);
            assertThat(indexOf(lines, "runner.spawned", second)).as("the second runner starts after the first exits")
                    .isGreaterThan(firstExit);
            assertThat(firstExit).isPositive();
        }
    }

    /** The session of the first runner.spawned line. */
    private static String sessionOf(List<String> lines, String what) {
        return lines.stream().filter(l -> l.contains("runner.spawned")).findFirst().map(ContainerCapTest::session)
                .orElseThrow(() -> new AssertionError("no " + what));
    }

    private static String session(String line) {
        int i = line.indexOf("session=\"") + "session=\"".length();
        return line.substring(i, line.indexOf('"', i));
    }

    private static int indexOf(List<String> lines, String event, String session) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(event) && lines.get(i).contains("session=\"" + session + "\"")) {
                return i;
            }
        }
        return -1;
    }

    private static long count(String text, String event) {
        return text.lines().filter(l -> l.contains(event)).count();
    }
}
