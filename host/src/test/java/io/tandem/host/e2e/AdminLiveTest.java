package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.AdminClient;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.host.testagents.RelayAgent;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin changes take effect at once on a running host (issue 7 section 3), with a real exec agent
 * process: a new wiring routes the next message, a destination added while the runner runs is
 * usable in its next batch, a closed session's runner stops and the next message opens a new
 * session. And the admin API's own rules: the bearer token, the error shape, force on delete.
 */
class AdminLiveTest {
    @TempDir
    Path tmp;

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String relayCommand() {
        return String.join(" ", quoted(JavaProcesses.java()), "-Xmx64m", "-cp",
                quoted(System.getProperty("java.class.path")), RelayAgent.class.getName());
    }

    private static Cli.Result cli(Path data, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
        return r;
    }

    @Test
    void wiringDestinationsAndSessionCloseTakeEffectWhileTheHostRuns() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            cli(data, "group", "add", "bot", "--command", relayCommand());
            cli(data, "channel", "add", "http:support", "--policy", "public");
            cli(data, "channel", "add", "http:other", "--policy", "public");

            ChatClient.Reply before = chat.say("support", "ann", "anyone?");
            assertThat(before.body().path("dropped").asText()).isEqualTo("no_agent_wired");

            cli(data, "wire", "add", "http:support", "bot", "--pattern", ".");
            ChatClient.Reply routed = chat.say("support", "ann", "hello");
            assertThat(routed.status()).isEqualTo(202);
            String session = routed.body().path("routed").get(0).path("session_id").asText();
            JsonNode first = chat.awaitEvent("support", 0, 60);
            assertThat(first.path("text").asText()).matches("relay \\d+: hello");
            String pid = first.path("text").asText().replaceAll("relay (\\d+):.*", "$1");

            // no destination yet: the runner refuses the send, the agent still answers its own chat
            chat.say("support", "ann", "to:sup first");
            JsonNode refusedSend = chat.awaitEvent("support", first.path("cursor").asLong(), 60);
            assertThat(refusedSend.path("text").asText()).isEqualTo("relay " + pid + ": sent to sup");

            cli(data, "dest", "add", "bot", "sup", "--channel", "http:other");
            chat.say("support", "ann", "to:sup second");
            JsonNode sent = chat.awaitEvent("support", refusedSend.path("cursor").asLong(), 60);
            assertThat(sent.path("text").asText()).as("the same runner process").isEqualTo("relay " + pid
                    + ": sent to sup");
            JsonNode relayed = chat.awaitEvent("other", 0, 60);
            assertThat(relayed.path("text").asText()).as("only the send after the change arrives").isEqualTo("second");

            JsonNode closed = Json.parse(cli(data, "sessions", "close", session, "--json").out());
            assertThat(closed.path("status").asText()).isEqualTo("closed");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Json.parse(
                    cli(data, "sessions", "show", session, "--json").out()).path("container_status").asText())
                    .isEqualTo("stopped"));
            assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false))
                    .as("the agent of the closed session stopped").isFalse();

            // a changed agent applies at the next spawn: the new session runs the new command
            AdminClient admin = new AdminClient(host);
            ChatClient.Reply patched = admin.call("PATCH", "groups/bot", Map.of("agent", Map.of("kind", "exec",
                    "command", java.util.List.of(JavaProcesses.java(), "-Xmx64m", "-cp",
                            System.getProperty("java.class.path"), RelayAgent.class.getName(), "renewed"))));
            assertThat(patched.status()).as("%s", patched.body()).isEqualTo(200);
            ChatClient.Reply again = chat.say("support", "ann", "again");
            String next = again.body().path("routed").get(0).path("session_id").asText();
            assertThat(next).isNotEqualTo(session);
            JsonNode answer = chat.awaitEvent("support", sent.path("cursor").asLong(), 60);
            assertThat(answer.path("text").asText()).matches("renewed \\d+: again").doesNotContain(pid);
            JsonNode list = Json.parse(cli(data, "sessions", "list", "--group", "bot", "--all", "--json").out());
            assertThat(list).extracting(n -> n.path("id").asText() + "=" + n.path("status").asText())
                    .containsExactlyInAnyOrder(session + "=closed", next + "=active");
            assertThat(new io.tandem.host.support.DataInspector(data).runTandemCheck()).contains("0 problems");
        }
    }

    @Test
    void aClosedSessionIsNotStartedAgainForItsUnfinishedMessage() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        Path marker = tmp.resolve("stalled");
        DataFolders.useTestAgent(data, java.util.List.of(), io.tandem.host.testagents.StallOnceAgent.class.getName(),
                marker.toString());
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            String session = chat.say("demo", "ann", "held").body().path("routed").get(0).path("session_id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(marker));
            cli(data, "sessions", "close", session);
            // the runner stops with its message unfinished; recovery would start a runner again,
            // but the session is closed
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(host.logText())
                    .contains("runner.not_started_session_closed session=\"" + session + "\""));
            assertThat(Json.parse(cli(data, "sessions", "show", session, "--json").out())
                    .path("container_status").asText()).isEqualTo("stopped");
        }
    }

    @Test
    void theAdminApiNeedsTheTokenAndAnswersErrorsAsJson() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        try (HostProcess host = HostProcess.start(data)) {
            AdminClient admin = new AdminClient(host);
            ChatClient.Reply none = admin.callWith(null, "GET", "groups", null);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.body().path("error").path("code").asText()).isEqualTo("unauthorized");
            assertThat(admin.callWith("Bearer wrong", "GET", "groups", null).status()).isEqualTo(401);
            assertThat(admin.callWith(null, "POST", "groups", Map.of("id", "x")).status()).isEqualTo(401);
            assertThat(Cli.run("group", "list", "--data", data.toString(), "--json").json())
                    .as("no group was created without the token").hasSize(1);

            ChatClient.Reply unknown = admin.call("GET", "nothing", null);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().path("error").path("message").asText()).contains("no such endpoint");
            ChatClient.Reply malformed = admin.call("POST", "groups", "{not json");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.body().path("error").path("message").asText()).contains("not JSON");
            ChatClient.Reply badType = admin.call("POST", "groups", Map.of("id", "x", "max_messages_per_batch", "ten"));
            assertThat(badType.status()).isEqualTo(400);
            assertThat(badType.body().path("error").path("message").asText())
                    .isEqualTo("max_messages_per_batch must be an integer");
            ChatClient.Reply execWithout = admin.call("POST", "groups", Map.of("id", "x", "agent",
                    Map.of("kind", "exec")));
            assertThat(execWithout.body().path("error").path("message").asText())
                    .startsWith("agent.command is required for kind exec");

            // PATCH: a changed agent is stored for the next spawn
            ChatClient.Reply patched = admin.call("PATCH", "groups/echo", Map.of("name", "Echo bot",
                    "max_messages_per_batch", 5, "agent", Map.of("kind", "echo", "env", Map.of("K", "v"))));
            assertThat(patched.status()).as("%s", patched.body()).isEqualTo(200);
            assertThat(patched.body().path("name").asText()).isEqualTo("Echo bot");
            assertThat(patched.body().path("max_messages_per_batch").asInt()).isEqualTo(5);
            assertThat(patched.body().path("agent").path("env").path("K").asText()).isEqualTo("v");
            assertThat(admin.call("PATCH", "groups/echo", Map.of("folder", "f")).body().path("error")
                    .path("message").asText()).isEqualTo("folder of a group cannot change");
            assertThat(admin.call("GET", "channels/http:demo", null).body().path("platform_id").asText())
                    .isEqualTo("demo");
            assertThat(admin.call("PATCH", "channels/http:demo", Map.of("unknown_sender_policy", "strict"))
                    .body().path("unknown_sender_policy").asText()).isEqualTo("strict");
            admin.call("PATCH", "channels/http:demo", Map.of("unknown_sender_policy", "public"));

            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "hi");
            chat.awaitEvent("demo", 0, 60);
            ChatClient.Reply busyChannel = admin.call("DELETE", "channels/http:demo", null);
            assertThat(busyChannel.status()).isEqualTo(409);
            assertThat(busyChannel.body().path("error").path("message").asText()).contains("1 active session");
            ChatClient.Reply busy = admin.call("DELETE", "groups/echo", null);
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.body().path("error").path("message").asText())
                    .isEqualTo("group echo has 1 active session(s); close them or delete with force=true");
            ChatClient.Reply forced = admin.call("DELETE", "groups/echo?force=true", null);
            assertThat(forced.status()).as("%s", forced.body()).isEqualTo(200);
            assertThat(forced.body().path("closed_sessions")).hasSize(1);
            assertThat(admin.call("GET", "groups", null).body()).isEmpty();
            ChatClient.Reply after = chat.say("demo", "ann", "still there?");
            assertThat(after.body().path("dropped").asText()).isEqualTo("no_agent_wired");
            JsonNode drops = admin.call("GET", "drops", null).body();
            assertThat(drops.get(0).path("reason").asText()).isEqualTo("no_agent_wired");
            assertThat(drops.get(0).path("platform_id").asText()).isEqualTo("demo");
        }
    }
}
