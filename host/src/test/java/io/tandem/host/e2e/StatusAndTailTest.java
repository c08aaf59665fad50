package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem status} and {@code tandem messages tail} against a real running host (issue 11
 * section 2), over its admin API: the status shows the host's pid, the session with its figures
 * and its runner; the tail shows the message and its echo with seq parity and delivery outcome;
 * a follower prints a message posted after it started, once. Then the same verbs without a host.
 */
class StatusAndTailTest {
    @TempDir
    Path tmp;

    private Path data;

    private Cli.Result ok(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--data");
        a.add(data.toString());
        Cli.Result r = Cli.run(a.toArray(String[]::new));
        assertThat(r.code()).as("%s", r).isZero();
        return r;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false).filter(n -> n.path(field).asText().equals(value))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + array));
    }

    @Test
    void statusAndTailShowTheRunningHostAndTheConversation() throws Exception {
        data = DataFolders.init(tmp.resolve("data"));
        String session;
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            session = chat.say("demo", "ann", "hello").body().path("routed").get(0).path("session_id").asText();
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: hello");

            // status: the host, the session with its figures, the runner holding its slot
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode st = ok("status", "--json").json();
                assertThat(st.path("runners").path("slots").path(session).asText()).isEqualTo("running");
                assertThat(st.path("sweep").path("last_completed").isTextual()).isTrue();
                assertThat(find(st.path("sessions"), "id", session).path("last_out").isTextual()).isTrue();
            });
            JsonNode st = ok("status", "--json").json();
            JsonNode h = st.path("host");
            assertThat(h.path("running").asBoolean()).isTrue();
            assertThat(h.path("pid").asLong()).isEqualTo(host.pid());
            assertThat(h.path("http").asText()).isEqualTo(host.http());
            assertThat(h.path("admin").asText()).isEqualTo(host.admin());
            assertThat(h.path("version").asText()).isNotBlank();
            assertThat(h.path("data").asText()).isEqualTo(data.toString());
            assertThat(find(st.path("adapters"), "type", "http").path("started").asBoolean()).isTrue();
            JsonNode echoGroup = find(st.path("groups"), "id", "echo");
            assertThat(echoGroup.path("sessions").asInt()).isEqualTo(1);
            assertThat(echoGroup.path("runtime").asText()).as("follows containers.runtime").isEqualTo("default");
            assertThat(st.path("sessions_active").asInt()).isEqualTo(1);
            JsonNode s = find(st.path("sessions"), "id", session);
            assertThat(s.path("group").asText()).isEqualTo("echo");
            assertThat(s.path("chat").asText()).isEqualTo("http:demo");
            assertThat(s.path("due").asLong()).isZero();
            assertThat(s.path("failed").asLong()).isZero();
            assertThat(s.path("failed_deliveries").asLong()).isZero();
            assertThat(s.path("last_in").asText()).isLessThanOrEqualTo(s.path("last_out").asText());
            assertThat(s.path("heartbeat_age_s").asLong()).as("heartbeat every 500 ms").isLessThan(30);
            assertThat(st.path("runners").path("cap").asInt()).isPositive();
            assertThat(st.path("runners").path("queued")).isEmpty();
            assertThat(st.path("sweep").path("interval_seconds").asLong()).isEqualTo(60);
            assertThat(st.path("errors").isArray()).isTrue();
            String screen = ok("status").out();
            assertThat(screen).contains("pid " + host.pid(), "http " + host.http(), "GROUPS", "SESSIONS (1 of 1 active)",
                    session, "LAST ERRORS");

            // tail: the message and its echo, even then odd seq, with status and delivery outcome
            JsonNode rows = ok("messages", "tail", "--session", session, "--json").json().path("rows");
            assertThat(rows).hasSize(2);
            JsonNode in = rows.get(0);
            JsonNode out = rows.get(1);
            assertThat(in.path("direction").asText()).isEqualTo("in");
            assertThat(in.path("seq").asLong() % 2).isZero();
            assertThat(in.path("text").asText()).isEqualTo("hello");
            assertThat(in.path("sender").asText()).isEqualTo("ann");
            assertThat(in.path("status").asText()).isEqualTo("completed");
            assertThat(out.path("direction").asText()).isEqualTo("out");
            assertThat(out.path("seq").asLong() % 2).isOne();
            assertThat(out.path("seq").asLong()).isGreaterThan(in.path("seq").asLong());
            assertThat(out.path("text").asText()).isEqualTo("echo: hello");
            assertThat(out.path("status").asText()).isEqualTo("delivered");
            String lines = ok("messages", "tail", "--chat", "http:demo").out();
            assertThat(lines).containsPattern(session + " +\\d+ in +chat +completed +ann: hello")
                    .containsPattern(session + " +\\d+ out +chat +delivered +→ http:demo: echo: hello");

            // --follow: a message posted after it started is printed with its echo, each once
            Process follower = JavaProcesses.builder("io.tandem.host.cli.TandemCli", "messages", "tail",
                    "--session", session, "--follow", "--data", data.toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("follow.err").toFile())).start();
            List<String> printed = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(follower.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        printed.add(line);
                    }
                } catch (IOException ignored) {
                    // the follower was stopped
                }
            }, "follower-stdout");
            reader.setDaemon(true);
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> printed.size() >= 2);
                assertThat(printed.get(1)).contains("echo: hello");
                chat.say("demo", "ann", "second");
                await().atMost(Duration.ofSeconds(60)).until(() -> List.copyOf(printed).stream()
                        .anyMatch(l -> l.matches(".* out +chat +delivered +→ http:demo: echo: second")));
                assertThat(List.copyOf(printed)).anyMatch(l -> l.matches(".* in +chat +\\w+ +ann: second"));
                chat.say("demo", "ann", "third");
                await().atMost(Duration.ofSeconds(60)).until(() -> List.copyOf(printed).stream()
                        .anyMatch(l -> l.contains("echo: third")));
                assertThat(List.copyOf(printed)).as("every row once").filteredOn(l -> l.contains("second"))
                        .hasSize(2);
            } finally {
                follower.destroy();
                follower.waitFor(30, TimeUnit.SECONDS);
            }
        }

        // no host: the same verbs read the files
        JsonNode st = ok("status", "--json").json();
        assertThat(st.path("host").path("running").asBoolean()).isFalse();
        assertThat(st.has("runners")).isFalse();
        assertThat(find(st.path("sessions"), "id", session).path("last_in").isTextual()).isTrue();
        assertThat(ok("status").out()).contains("host      not running  data " + data, session)
                .doesNotContain("runners");
        JsonNode rows = ok("messages", "tail", "--session", session, "--json", "--lines", "4").json().path("rows");
        assertThat(rows).extracting(r -> r.path("seq").asLong() % 2 + ":" + r.path("status").asText())
                .containsExactly("0:completed", "1:delivered", "0:completed", "1:delivered");
        assertThat(rows.get(3).path("text").asText()).isEqualTo("echo: third");

        Cli.Result neither = Cli.run("messages", "tail", "--data", data.toString());
        assertThat(neither.code()).isEqualTo(1);
        assertThat(neither.err()).contains("tail needs exactly one of session or chat");
        Cli.Result noChat = Cli.run("messages", "tail", "--chat", "http:nope", "--data", data.toString());
        assertThat(noChat.err()).contains("chat: no channel http:nope");
        Cli.Result badLines = Cli.run("messages", "tail", "--session", session, "--lines", "0", "--data",
                data.toString());
        assertThat(badLines.err()).contains("lines '0' must be an integer from 1 to 1000");
    }

    @Test
    void aFailedAttemptShowsInTheLastErrorsAndItsRetryAsScheduled() throws Exception {
        data = DataFolders.init(tmp.resolve("data"));
        Path marker = tmp.resolve("failed-once");
        DataFolders.useTestAgent(data, List.of(), io.tandem.host.testagents.FailOnceAgent.class.getName(),
                marker.toString());
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            String session = chat.say("demo", "ann", "hello").body().path("routed").get(0).path("session_id")
                    .asText();
            JsonNode warn = await().atMost(Duration.ofSeconds(60)).until(() -> StreamSupport.stream(
                    ok("status", "--json").json().path("errors").spliterator(), false)
                    .filter(e -> e.path("message").asText().equals("message.failed_retry")).findFirst(),
                    java.util.Optional::isPresent).get();
            assertThat(warn.path("level").asText()).isEqualTo("WARN");
            assertThat(warn.path("fields").path("session").asText()).isEqualTo(session);
            assertThat(warn.path("fields").path("error").asText()).isEqualTo("first try fails");
            assertThat(ok("status").out()).contains("message.failed_retry", "first try fails");

            // the retry waits for its backoff (about 5 s): pending and scheduled, or already answered
            JsonNode s = find(ok("status", "--json").json().path("sessions"), "id", session);
            assertThat(s.path("failed").asLong()).as("a retried attempt is not a failed message").isZero();
            JsonNode answered = chat.awaitEvent("demo", 0, 60);
            assertThat(answered.path("text").asText()).isEqualTo("answered: hello (retry 1)");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode after = find(ok("status", "--json").json().path("sessions"), "id", session);
                assertThat(after.path("due").asLong() + after.path("scheduled").asLong()).isZero();
            });
        }
    }
}
