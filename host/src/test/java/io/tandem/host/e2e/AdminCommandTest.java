package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin slash commands on a real host (issue 7 section 4, DESIGN 5.1 step 7): {@code /clear} from
 * someone who is neither owner nor admin of the group is not routed and is answered in the chat;
 * from a group admin it is routed to the session like any message.
 */
class AdminCommandTest {
    @TempDir
    Path tmp;

    private static void cli(Path data, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
    }

    @Test
    void clearByANonAdminIsRefusedWithAnAnswerInTheChat() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        cli(data, "user", "add", "http:ann");
        cli(data, "role", "grant", "http:ann", "admin", "--group", "echo");
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            ChatClient.Reply refused = chat.say("demo", "eve", "/clear");
            assertThat(refused.body().path("dropped").asText()).isEqualTo("admin_command_denied");
            assertThat(refused.body().path("routed")).isEmpty();
            JsonNode answer = chat.awaitEvent("demo", 0, 60);
            assertThat(answer.path("type").asText()).isEqualTo("message");
            assertThat(answer.path("text").asText()).isEqualTo(
                    "/clear needs an owner or an admin of agent group echo; http:eve is neither");

            // an ordinary message of the same sender is routed as before
            assertThat(chat.say("demo", "eve", "hello").body().path("routed")).hasSize(1);
            assertThat(chat.awaitEvent("demo", answer.path("cursor").asLong(), 60).path("text").asText())
                    .isEqualTo("echo: hello");
            ChatClient.Reply allowed = chat.say("demo", "ann", " /clear ");
            assertThat(allowed.body().path("routed")).as("%s", allowed.body()).hasSize(1);
        }
    }
}
