package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import io.tandem.host.testagents.FailOnceAgent;
import io.tandem.host.testagents.TaskAgent;
import io.tandem.schema.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 on a real host with real runners: a task added with {@code tandem tasks add --at} runs on
 * time through the host's timer (the runner has exited, the sweep is at its 60 s default), and a
 * message that failed for good ({@code sweep.max_tries} 1) is listed with its error and answered
 * after {@code tandem messages retry}.
 */
class TasksAndRetryTest {
    @TempDir
    Path tmp;

    private static Cli.Result cli(Path data, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
        return r;
    }

    @Test
    void aTaskAddedWithAtRunsOnTimeThroughTheTimer() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_RUNNER__IDLE_EXIT", "2s");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            String session = chat.say("demo", "ann", "hi").body().path("routed").get(0).path("session_id").asText();
            JsonNode hi = chat.awaitEvent("demo", 0, 60);
            assertThat(hi.path("text").asText()).isEqualTo("echo: hi");
            // the runner goes away: only the host's timer can start one for the task
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Json.parse(
                    cli(data, "sessions", "show", session, "--json").out()).path("container_status").asText())
                    .isEqualTo("stopped"));

            Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
            JsonNode added = Json.parse(cli(data, "tasks", "add", "--session", session, "--prompt", "water the plants",
                    "--at", at.toString(), "--json").out());
            assertThat(added.path("status").asText()).isEqualTo("pending");
            assertThat(added.path("id").asText()).isEqualTo(added.path("series_id").asText());
            assertThat(Instant.parse(added.path("next_run").asText())).isEqualTo(at);
            JsonNode listed = Json.parse(cli(data, "tasks", "list", "--session", session, "--json").out());
            assertThat(listed).extracting(n -> n.path("id").asText()).containsExactly(added.path("id").asText());

            JsonNode reply = chat.awaitEvent("demo", hi.path("cursor").asLong(), 60);
            Instant answered = Instant.now();
            assertThat(reply.path("text").asText()).isEqualTo("echo: water the plants");
            assertThat(answered).as("not before its time").isAfterOrEqualTo(at);
            assertThat(Duration.between(at, answered)).as("on time: the timer, not the 60 s sweep")
                    .isLessThan(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Json.parse(
                    cli(data, "tasks", "list", "--session", session, "--all", "--json").out()))
                    .extracting(n -> n.path("status").asText()).containsExactly("completed"));

            // a yearly series: pause by task id, resume by series id, run it now, then cancel the series
            JsonNode yearly = Json.parse(cli(data, "tasks", "add", "--session", session, "--prompt", "yearly",
                    "--cron", "0 0 1 1 *", "--json").out());
            String series = yearly.path("series_id").asText();
            assertThat(Json.parse(cli(data, "tasks", "pause", yearly.path("id").asText(), "--json").out())
                    .path("status").asText()).isEqualTo("paused");
            assertThat(Json.parse(cli(data, "tasks", "resume", series, "--json").out()).path("status").asText())
                    .isEqualTo("pending");
            cli(data, "tasks", "run-now", series);
            JsonNode ran = chat.awaitEvent("demo", reply.path("cursor").asLong(), 60);
            assertThat(ran.path("text").asText()).isEqualTo("echo: yearly");
            // the finished run left one follow-up in the same series, next year
            JsonNode live = await().atMost(Duration.ofSeconds(30)).until(() -> Json.parse(
                    cli(data, "tasks", "list", "--session", session, "--json").out()), n -> n.size() == 1
                    && !n.get(0).path("id").asText().equals(yearly.path("id").asText()));
            assertThat(live.get(0).path("series_id").asText()).isEqualTo(series);
            assertThat(live.get(0).path("recurrence").asText()).isEqualTo("0 0 1 1 *");
            assertThat(live.get(0).path("next_run").asText()).endsWith("-01-01T00:00:00.000Z");
            assertThat(Json.parse(cli(data, "tasks", "cancel", yearly.path("id").asText(), "--json").out())
                    .path("status").asText()).isEqualTo("cancelled");
            Cli.Result miss = Cli.run("tasks", "cancel", series, "--data", data.toString());
            assertThat(miss.code()).isEqualTo(1);
            assertThat(miss.err()).contains("no live task with task or series id " + series);
        }
    }

    @Test
    void aTaskScheduledByARealAgentTwoSecondsAheadRunsOnTime() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.useTestAgent(data, List.of(), TaskAgent.class.getName());
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
            chat.say("demo", "ann", "at " + at + " call mum");
            JsonNode ack = chat.awaitEvent("demo", 0, 60);
            assertThat(ack.path("text").asText()).isEqualTo("scheduling call mum");
            JsonNode ran = chat.awaitEvent("demo", ack.path("cursor").asLong(), 60);
            Instant answered = Instant.now();
            assertThat(ran.path("text").asText()).isEqualTo("task: call mum");
            assertThat(answered).isAfterOrEqualTo(at);
            assertThat(Duration.between(at, answered)).as("on time, not at the 60 s sweep")
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void anEveryMinuteTaskRunsTwiceInARow() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.useTestAgent(data, List.of(), TaskAgent.class.getName());
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "cron * * * * * tick");
            JsonNode ack = chat.awaitEvent("demo", 0, 60);
            assertThat(ack.path("text").asText()).isEqualTo("scheduling tick");
            JsonNode first = chat.awaitEvent("demo", ack.path("cursor").asLong(), 90);
            assertThat(first.path("text").asText()).isEqualTo("task: tick");
            JsonNode second = chat.awaitEvent("demo", first.path("cursor").asLong(), 90);
            assertThat(second.path("text").asText()).isEqualTo("task: tick");
            JsonNode tasks = Json.parse(cli(data, "tasks", "list", "--all", "--json").out());
            assertThat(tasks).extracting(n -> n.path("series_id").asText()).containsOnly(
                    tasks.get(0).path("series_id").asText());
            assertThat(tasks).filteredOn(n -> n.path("status").asText().equals("pending")).hasSize(1);
        }
    }

    @Test
    void aFailedMessageIsListedWithItsErrorAndAnsweredAfterRetry() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        Path marker = tmp.resolve("failed-once");
        DataFolders.useTestAgent(data, List.of(), FailOnceAgent.class.getName(), marker.toString());
        // the subject is a FINAL failure and the operator's retry: with one try, the failed attempt
        // is not retried by the host (FailedAttemptRetryTest covers that retry under the defaults)
        Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_SWEEP__MAX_TRIES", "1");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            String session = chat.say("demo", "ann", "hello").body().path("routed").get(0).path("session_id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker));
            JsonNode failed = await().atMost(Duration.ofSeconds(60)).until(() -> Json.parse(
                    cli(data, "messages", "failed", "--session", session, "--json").out()), n -> n.size() == 1);
            JsonNode f = failed.get(0);
            assertThat(f.path("type").asText()).isEqualTo("inbound");
            assertThat(f.path("error").asText()).isEqualTo("first try fails");
            assertThat(f.path("summary").asText()).isEqualTo("hello");

            JsonNode retried = Json.parse(cli(data, "messages", "retry", f.path("id").asText(), "--json").out());
            assertThat(retried.get(0).path("retried").asText()).isEqualTo("inbound");
            JsonNode answer = chat.awaitEvent("demo", 0, 60);
            // the operator's retry is a new attempt (tries 1 supersedes the failed ack of attempt 0)
            assertThat(answer.path("text").asText()).isEqualTo("answered: hello (retry 1)");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Json.parse(
                    cli(data, "messages", "failed", "--session", session, "--json").out())).isEmpty());

            Cli.Result unknown = Cli.run("messages", "retry", "m-nope", "--data", data.toString());
            assertThat(unknown.code()).isEqualTo(1);
            assertThat(unknown.err()).contains("no failed message or delivery m-nope");
        }
    }
}
