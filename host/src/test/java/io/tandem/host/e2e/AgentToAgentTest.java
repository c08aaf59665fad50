package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.host.testagents.A2aAgent;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent-to-agent messages end to end (DESIGN 5.8, issue 9): a real host, two agent groups whose
 * real runners drive {@link A2aAgent}, a person on the http channel. Group {@code alpha} (chat
 * {@code a}) has destination {@code bee} for group {@code beta} and {@code home} for its own chat;
 * {@code beta} has {@code ant} for {@code alpha}. A message to {@code bee} lands in beta's
 * agent-shared session, beta's answer comes back to alpha's originating session (the return path),
 * and each agent sees {@code from} = its own name for the other; the pair cap fails the message
 * over it with a note alpha's agent reads; a target alpha has no destination for is refused and
 * reported.
 */
class AgentToAgentTest {
    @TempDir
    Path tmp;

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String agentCommand() {
        return String.join(" ", quoted(JavaProcesses.java()), "-Xmx64m", "-cp",
                quoted(System.getProperty("java.class.path")), A2aAgent.class.getName());
    }

    private static void cli(Path data, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data", data.toString())).toArray(String[]::new);
        Cli.Result r = Cli.run(all);
        assertThat(r.code()).as("%s", r).isZero();
    }

    /** Groups alpha and beta, chat a wired to alpha, and the destinations both ways. */
    private static void twoGroups(Path data) {
        cli(data, "group", "add", "alpha", "--command", agentCommand());
        cli(data, "group", "add", "beta", "--command", agentCommand());
        cli(data, "channel", "add", "http:a", "--policy", "public");
        cli(data, "wire", "add", "http:a", "alpha", "--pattern", ".");
        cli(data, "dest", "add", "alpha", "bee", "--agent", "beta");
        cli(data, "dest", "add", "alpha", "home", "--channel", "http:a");
        cli(data, "dest", "add", "beta", "ant", "--agent", "alpha");
    }

    private static Map<String, String> env(int maxPerMinute) {
        Map<String, String> env = HostProcess.testEnv();
        env.put("TANDEM_A2A__MAX_PER_MINUTE", Integer.toString(maxPerMinute));
        return env;
    }

    /** The first event of chat {@code chat} whose text matches, reading from the start. */
    private static JsonNode awaitText(ChatClient chat, String chatId, Predicate<String> matches) throws Exception {
        long cursor = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = chat.awaitEvent(chatId, cursor, 90);
            if (matches.test(e.path("text").asText())) {
                return e;
            }
            cursor = e.path("cursor").asLong();
        }
        throw new AssertionError("no matching event in chat " + chatId);
    }

    private static String agentSharedSession(DataInspector db, String group) throws Exception {
        List<Map<String, Object>> rows = db.central("SELECT id FROM sessions WHERE agent_group_id = ? "
                + "AND messaging_group_id IS NULL AND status = 'active'", group);
        assertThat(rows).as("one agent-shared session of %s", group).hasSize(1);
        return (String) rows.get(0).get("id");
    }

    @Test
    void aMessageToAnotherAgentIsAnsweredBackIntoTheOriginatingSession() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        twoGroups(data);
        try (HostProcess host = HostProcess.start(data, env(30))) {
            ChatClient chat = new ChatClient(host.httpBase());
            ChatClient.Reply said = chat.say("a", "ann", "to:bee hello");
            assertThat(said.status()).as("%s", said.body()).isEqualTo(202);
            String alphaSession = said.body().path("routed").get(0).path("session_id").asText();

            // beta saw from = "ant" (its name for alpha); alpha saw from = "bee" (its name for beta)
            JsonNode got = awaitText(chat, "a", t -> t.startsWith("got "));
            assertThat(got.path("text").asText()).isEqualTo("got re: hello (from ant) from bee");

            DataInspector db = new DataInspector(data);
            String betaSession = agentSharedSession(db, "beta");
            // beta's ack is synced by the record of its reply's delivery, which may wait up to
            // delivery.record_delay for beta's next inbound commit; alpha's answer can be faster
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.inbound(
                    SessionPaths.of(data, "beta", betaSession), "SELECT channel_type, platform_id, "
                    + "source_session_id, status FROM messages_in")).containsExactly(Map.of("channel_type", "agent",
                    "platform_id", "alpha", "source_session_id", alphaSession, "status", "completed")));
            assertThat(db.inbound(SessionPaths.of(data, "alpha", alphaSession), "SELECT platform_id, source_session_id, "
                    + "content FROM messages_in WHERE channel_type = 'agent'")).singleElement().satisfies(r -> {
                        assertThat(r).containsEntry("platform_id", "beta").containsEntry("source_session_id",
                                betaSession);
                        assertThat(Json.parse((String) r.get("content")).path("sender").path("id").asText())
                                .isEqualTo("agent:beta");
                    });
            assertThat(db.central("SELECT count(*) AS n FROM sessions WHERE agent_group_id = 'alpha'"))
                    .as("the answer came back to the chat's session, not to an agent-shared one of alpha")
                    .containsExactly(Map.of("n", 1));
        }
    }

    @Test
    void theThirdMessageToOneAgentWithinAMinuteFailsAndTheSenderIsTold() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        twoGroups(data);
        try (HostProcess host = HostProcess.start(data, env(2))) {
            ChatClient chat = new ChatClient(host.httpBase());
            String alphaSession = chat.say("a", "ann", "to:bee one").body().path("routed").get(0)
                    .path("session_id").asText();
            chat.say("a", "ann", "to:bee two");
            chat.say("a", "ann", "to:bee three");
            DataInspector db = new DataInspector(data);
            SessionPaths alpha = SessionPaths.of(data, "alpha", alphaSession);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(db.inbound(alpha,
                    "SELECT status FROM delivered WHERE status = 'failed'")).hasSize(1));
            // the note rides with the next message that triggers alpha's agent
            chat.say("a", "ann", "anything new?");

            JsonNode failed = awaitText(chat, "a", t -> t.startsWith("failed: "));
            assertThat(failed.path("text").asText()).contains("a2a.max_per_minute cap hit")
                    .contains("agent group alpha").contains("agent group beta");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(db.inbound(
                    SessionPaths.of(data, "beta", agentSharedSession(db, "beta")),
                    "SELECT content FROM messages_in WHERE channel_type = 'agent'")).hasSize(2));
            assertThat(db.inbound(alpha, "SELECT count(*) AS n FROM delivery_attempts"))
                    .as("refused at once, not retried").containsExactly(Map.of("n", 0));
        }
    }

    @Test
    void aRowForAnAgentTheGroupHasNoDestinationForIsRefusedAndReported() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        twoGroups(data);
        cli(data, "group", "add", "gamma", "--command", agentCommand());
        try (HostProcess host = HostProcess.start(data, env(30))) {
            ChatClient chat = new ChatClient(host.httpBase());
            String alphaSession = chat.say("a", "ann", "to:bee hi").body().path("routed").get(0)
                    .path("session_id").asText();
            awaitText(chat, "a", t -> t.startsWith("got "));
            SessionPaths alpha = SessionPaths.of(data, "alpha", alphaSession);

            String id = "o-00000000000000000000undeclared";
            writeOutbound(alpha, id, "gamma");
            DataInspector db = new DataInspector(data);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(db.inbound(alpha,
                    "SELECT status FROM delivered WHERE message_out_id = ?", id)).containsExactly(
                    Map.of("status", "failed")));
            chat.say("a", "ann", "anything new?");
            JsonNode failed = awaitText(chat, "a", t -> t.startsWith("failed: "));
            assertThat(failed.path("text").asText()).contains("agent/gamma");
            assertThat(db.central("SELECT count(*) AS n FROM sessions WHERE agent_group_id = 'gamma'"))
                    .as("nothing reached gamma").containsExactly(Map.of("n", 0));
        }
    }

    /**
     * A row addressed to {@code agent/<group>} as a runner would write it; the runner itself only
     * writes such rows for projected destinations, so this stands for a runner that does not.
     */
    private static void writeOutbound(SessionPaths s, String id, String group) throws Exception {
        SeqMinter minter = SeqMinter.outbound();
        long otherMax = minter.otherMax(s.inboundDb());
        try (Connection c = SqliteOpener.openSession(s.outboundDb(), Durability.POWER)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_out(id, seq, timestamp, kind, channel_type, "
                    + "platform_id, content) VALUES (?, " + minter.nextSeqSql() + ", '2026-12-02T10:00:00.000Z', "
                    + "'chat', 'agent', ?, '{\"text\":\"let me in\"}')", id, otherMax, group));
        }
    }
}
