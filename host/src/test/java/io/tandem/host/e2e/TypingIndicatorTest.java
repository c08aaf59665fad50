package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.SseClient;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typing shows while a batch runs (issue 9): a real host, a real runner and an agent that holds
 * its batch until the test releases it. The chat's SSE stream gets ephemeral {@code typing}
 * frames (no {@code id:}), on:true repeated while the batch runs, on:false once it completed;
 * the long poll never carries them. A runner killed mid-batch turns typing off at once.
 */
class TypingIndicatorTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aHeldBatchShowsTypingOnTheStreamUntilItsReplyAndNeverInTheLongPoll() throws Exception {
        Path data = tmp.resolve("data");
        Path agentDir = Files.createDirectories(tmp.resolve("agent"));
        DataFolders.init(data);
        DataFolders.useTestAgent(data, List.of(), "io.tandem.host.testagents.HoldAgent", agentDir.toString());
        try (HostProcess host = HostProcess.start(data);
             SseClient sse = SseClient.open(host.httpBase(), "/v1/chats/demo/events", Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            ChatClient chat = new ChatClient(host.httpBase());
            assertThat(chat.say("demo", "ann", "hello").status()).isEqualTo(202);
            await("agent holds the batch").atMost(WAIT).until(() -> Files.exists(agentDir.resolve("held-1")));

            await("typing on").atMost(WAIT).until(() -> typing(sse).contains(true));
            SseClient.Frame on = sse.frames().stream().filter(f -> "typing".equals(f.event())).findFirst()
                    .orElseThrow();
            assertThat(on.id()).as("typing is ephemeral: no cursor").isNull();
            assertThat(on.json().path("type").asText()).isEqualTo("typing");
            await("typing repeated while the batch runs").atMost(WAIT)
                    .until(() -> typing(sse).stream().filter(b -> b).count() >= 2);
            assertThat(typing(sse)).doesNotContain(false);
            assertThat(sse.events()).as("nothing stored while the batch runs").isEmpty();
            ChatClient.Reply poll = chat.poll("demo", 0, 1);
            assertThat(poll.status()).isEqualTo(200);
            assertThat(poll.body().path("events").size()).as("typing never reaches the long poll").isZero();

            Files.writeString(agentDir.resolve("release-1"), "go");
            List<SseClient.Frame> stored = sse.awaitEvents(1, WAIT);
            assertThat(stored.get(0).json().path("text").asText()).isEqualTo("held: hello");
            await("typing off after the batch").atMost(WAIT)
                    .until(() -> typing(sse).get(typing(sse).size() - 1).equals(false));

            JsonNode events = chat.poll("demo", 0, 1).body().path("events");
            assertThat(events.size()).isEqualTo(1);
            assertThat(events.get(0).path("type").asText()).isNotEqualTo("typing");
            assertThat(events.get(0).path("text").asText()).isEqualTo("held: hello");
        }
    }

    @Test
    void aRunnerKilledWhileItHoldsABatchTurnsTypingOff() throws Exception {
        Path data = tmp.resolve("data");
        Path agentDir = Files.createDirectories(tmp.resolve("agent"));
        DataFolders.init(data);
        DataFolders.useTestAgent(data, List.of(), "io.tandem.host.testagents.HoldAgent", agentDir.toString());
        try (HostProcess host = HostProcess.start(data);
             SseClient sse = SseClient.open(host.httpBase(), "/v1/chats/demo/events", Map.of())) {
            assertThat(new ChatClient(host.httpBase()).say("demo", "ann", "hello").status()).isEqualTo(202);
            await("agent holds the batch").atMost(WAIT).until(() -> Files.exists(agentDir.resolve("held-1")));
            await("typing on").atMost(WAIT).until(() -> typing(sse).contains(true));
            assertThat(typing(sse)).doesNotContain(false);

            SessionPaths s = new DataInspector(data).onlySession();
            ProcessHandle runner = ProcessHandle.of(ExclusiveFileLock.readPid(s.runnerLock()).orElseThrow())
                    .orElseThrow();
            runner.destroyForcibly();
            runner.onExit().get(30, TimeUnit.SECONDS);
            await("typing off once the runner is gone").atMost(WAIT).until(() -> typing(sse).contains(false));
            assertThat(sse.events()).as("no reply was stored").isEmpty();
        }
    }

    /** The {@code on} values of the stream's typing frames, in arrival order. */
    private static List<Boolean> typing(SseClient sse) {
        return sse.frames().stream().filter(f -> "typing".equals(f.event()))
                .map(f -> f.json().path("on").asBoolean()).toList();
    }
}
