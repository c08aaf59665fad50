package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every admin verb, once against a running host (the verb goes over its admin API) and once
 * without one (the verb opens the files under host.lock): the same answers, {@code --json} parsed,
 * and every refusal with exit 1 and a message naming what is wrong.
 */
class AdminVerbsTest {
    @TempDir
    Path tmp;

    private Path data;

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(withData(args));
        assertThat(r.code()).as("%s", r).isZero();
        return r;
    }

    private JsonNode json(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--json");
        return ok(a.toArray(String[]::new)).json();
    }

    private void refused(String message, String... args) {
        Cli.Result r = Cli.run(withData(args));
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).contains(message);
        assertThat(r.out()).isEmpty();
    }

    private String[] withData(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--data");
        a.add(data.toString());
        return a.toArray(String[]::new);
    }

    @ParameterizedTest(name = "host running: {0}")
    @ValueSource(booleans = {false, true})
    void everyVerbAndRefusal(boolean withHost) throws Exception {
        data = DataFolders.init(tmp.resolve("data"));
        HostProcess host = withHost ? HostProcess.start(data) : null;
        try {
            scenario();
            if (host != null) {
                assertThat(host.logText()).as("verbs went through the host's admin API")
                        .contains("admin.changed request=\"POST /admin/v1/groups\"");
            }
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aVerbOnAFolderWithoutTandemDataIsRefusedAndCreatesNothing() {
        data = tmp.resolve("nothing-here");
        refused("no Tandem data folder at " + data, "group", "list");
        assertThat(java.nio.file.Files.exists(data)).isFalse();
    }

    private void scenario() {
        // groups
        JsonNode g = json("group", "add", "bot", "--name", "Bot", "--command", "python3 'my agent.py' -u",
                "--env", "MODE=test", "--timezone", "Europe/Berlin");
        assertThat(g.path("id").asText()).isEqualTo("bot");
        assertThat(g.path("folder").asText()).isEqualTo("bot");
        assertThat(g.path("agent").path("kind").asText()).isEqualTo("exec");
        assertThat(g.path("agent").path("command").toString()).isEqualTo("[\"python3\",\"my agent.py\",\"-u\"]");
        assertThat(g.path("agent").path("env").path("MODE").asText()).isEqualTo("test");
        assertThat(g.path("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(g.path("runtime").asText()).isEqualTo("default");
        assertThat(g.path("network").asBoolean()).isFalse();
        assertThat(json("group", "list")).extracting(n -> n.path("id").asText()).containsExactly("bot", "echo");
        assertThat(json("group", "show", "bot").path("name").asText()).isEqualTo("Bot");
        assertThat(ok("group", "list").out()).contains("bot\tBot\tbot\t");
        refused("id '../x' must match", "group", "add", "../x");
        refused("folder 'a/b' must match", "group", "add", "x", "--folder", "a/b");
        refused("id: group bot already exists", "group", "add", "bot");
        refused("folder: bot is already the folder of group bot", "group", "add", "bot2", "--folder", "bot");
        refused("runtime 'podman' is not one of process|bwrap|docker|default", "group", "add", "d", "--runtime",
                "podman");
        refused("timezone 'Mars/Base' is not a time zone id", "group", "add", "t", "--timezone", "Mars/Base");
        refused("group: no group nope", "group", "show", "nope");

        // channels
        JsonNode ch = json("channel", "add", "http:support", "--name", "Support", "--policy", "public");
        assertThat(ch.path("id").asText()).startsWith("mg-");
        assertThat(ch.path("unknown_sender_policy").asText()).isEqualTo("public");
        assertThat(ch.path("is_group").asBoolean()).isFalse();
        assertThat(json("channel", "list")).extracting(n -> n.path("chat").asText())
                .containsExactly("http:demo", "http:support");
        refused("unknown_sender_policy 'open' is not one of strict|request_approval|public",
                "channel", "add", "http:x", "--policy", "open");
        refused("channel http:support already exists as " + ch.path("id").asText(), "channel", "add", "http:support");

        // wirings
        refused("engage_pattern '(' is not a valid regular expression", "wire", "add", "http:support", "bot",
                "--pattern", "(");
        refused("group: no group nope", "wire", "add", "http:support", "nope", "--pattern", ".");
        refused("channel: no channel http:nope", "wire", "add", "http:nope", "bot", "--pattern", ".");
        refused("sender_scope 'some' is not one of all|known", "wire", "add", "http:support", "bot",
                "--sender-scope", "some");
        JsonNode w = json("wire", "add", ch.path("id").asText(), "bot", "--pattern", "^bot", "--ignored",
                "accumulate", "--session-mode", "per-thread", "--priority", "5");
        assertThat(w.path("id").asText()).startsWith("w-");
        assertThat(w.path("chat").asText()).isEqualTo("http:support");
        assertThat(w.path("engage_mode").asText()).isEqualTo("pattern");
        assertThat(w.path("ignored_message_policy").asText()).isEqualTo("accumulate");
        assertThat(w.path("session_mode").asText()).isEqualTo("per-thread");
        assertThat(w.path("priority").asInt()).isEqualTo(5);
        refused("channel http:support is already wired to group bot", "wire", "add", "http:support", "bot",
                "--engage", "mention");
        assertThat(json("wire", "list", "--group", "bot")).hasSize(1);
        assertThat(json("wire", "list", "--channel", "http:demo")).extracting(n -> n.path("group").asText())
                .containsExactly("echo");
        assertThat(json("wire", "list")).hasSize(2);

        // destinations
        JsonNode d = json("dest", "add", "bot", "support", "--channel", "http:support");
        assertThat(d.path("type").asText()).isEqualTo("channel");
        assertThat(d.path("target").asText()).isEqualTo(ch.path("id").asText());
        assertThat(json("dest", "add", "bot", "helper", "--agent", "echo").path("display_name").asText())
                .isEqualTo("Echo");
        refused("name: group bot already has a destination support", "dest", "add", "bot", "support", "--agent",
                "echo");
        refused("agent: no group nope", "dest", "add", "bot", "x", "--agent", "nope");
        refused("name 'a b' must match", "dest", "add", "bot", "a b", "--agent", "echo");
        assertThat(json("dest", "list", "bot")).extracting(n -> n.path("name").asText())
                .containsExactly("helper", "support");
        ok("dest", "rm", "bot", "helper");
        refused("name: group bot has no destination helper", "dest", "rm", "bot", "helper");
        assertThat(Cli.run(withData("dest", "add", "bot", "x")).code()).as("usage error").isEqualTo(2);

        // people
        JsonNode u = json("user", "add", "http:ann", "--name", "Ann");
        assertThat(u.path("display_name").asText()).isEqualTo("Ann");
        refused("id 'ann' must be <channel_type>:<raw id>", "user", "add", "ann");
        refused("group: owner is a global role and takes no group", "role", "grant", "http:ann", "owner",
                "--group", "bot");
        refused("role 'boss' is not one of owner|admin", "role", "grant", "http:ann", "boss");
        refused("user: no user http:bob", "role", "grant", "http:bob", "admin");
        assertThat(json("role", "grant", "http:ann", "admin", "--group", "bot").path("roles").toString())
                .isEqualTo("[{\"role\":\"admin\",\"group\":\"bot\"}]");
        ok("role", "grant", "http:ann", "owner");
        refused("user http:ann is already owner globally", "role", "grant", "http:ann", "owner");
        assertThat(json("member", "add", "http:ann", "bot").path("groups").toString()).isEqualTo("[\"bot\"]");
        refused("user http:ann is already a member of group bot", "member", "add", "http:ann", "bot");
        JsonNode users = json("user", "list");
        assertThat(users).hasSize(1);
        assertThat(users.get(0).path("roles")).hasSize(2);
        ok("role", "revoke", "http:ann", "admin", "--group", "bot");
        refused("user http:ann is not admin of group bot", "role", "revoke", "http:ann", "admin", "--group", "bot");
        assertThat(json("member", "rm", "http:ann", "bot").path("groups")).isEmpty();

        // sessions and drops (nothing routed yet)
        assertThat(json("sessions", "list", "--all")).isEmpty();
        refused("session: no session s-nope", "sessions", "show", "s-nope");
        refused("session: no session s-nope", "sessions", "close", "s-nope");
        assertThat(json("drops", "list").isArray()).isTrue();

        // removal
        refused("wiring: no wiring w-nope", "wire", "rm", "w-nope");
        ok("wire", "rm", w.path("id").asText());
        assertThat(json("wire", "list", "--group", "bot")).isEmpty();
        assertThat(json("channel", "rm", "http:support").path("deleted").asText()).isEqualTo(ch.path("id").asText());
        assertThat(json("dest", "list", "bot")).as("a destination to a deleted chat goes with it").isEmpty();
        assertThat(json("group", "rm", "bot").path("deleted").asText()).isEqualTo("bot");
        assertThat(json("group", "list")).extracting(n -> n.path("id").asText()).containsExactly("echo");
    }
}
