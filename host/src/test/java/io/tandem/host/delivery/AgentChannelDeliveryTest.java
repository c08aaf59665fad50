package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.agent.A2aCap;
import io.tandem.host.channels.agent.AgentChannel;
import io.tandem.host.support.DataInspector;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent channel behind a real delivery pass (DESIGN 5.8), on real files: session {@code s-1} of
 * group {@code g1} writes rows addressed to {@code agent/<group>}; central says which groups it
 * may reach. A declared target lands in the target's agent-shared session with the sender's
 * address and session; a reply to it comes back to {@code s-1} (the return path); an undeclared
 * target (stale projection) and the cap fail the row at once with a {@code delivery_failed} note
 * to the sender, never after retries.
 */
class AgentChannelDeliveryTest {
    @TempDir
    Path tmp;
    DeliveryHarness h;
    CentralDb central;
    final CentralStores stores = CentralStores.sqlite(java.time.Clock.systemUTC());
    final List<String> wakes = new CopyOnWriteArrayList<>();
    AgentChannel agents;

    @BeforeEach
    void setUp() throws Exception {
        h = new DeliveryHarness(tmp);
        central = CentralDb.open(h.data.resolve("central.db"), h.clock);
        central.call(c -> Sql.tx(c, tx -> {
            stores.groups().insertAgentGroup(tx, "g1", "Group one", "g1");
            stores.groups().insertAgentGroup(tx, "g2", "Group two", "g2");
            stores.groups().insertAgentGroup(tx, "g3", "Group three", "g3");
            Sql.update(tx, "INSERT INTO sessions(id, agent_group_id, created_at) VALUES ('s-1', 'g1', "
                    + "'2026-11-22T09:00:00.000Z')");
            stores.groups().insertDestination(tx, "g1", "two", DestinationType.AGENT, "g2");
            stores.groups().insertDestination(tx, "g2", "one", DestinationType.AGENT, "g1");
            return null;
        }));
        // the session's projection: g3 is listed (a stale projection), but central has no such destination
        h.files.inbound().with(h.files.paths(), c -> {
            for (String g : List.of("g2", "g3")) {
                Sql.update(c, "INSERT INTO destinations(name, type, channel_type, platform_id, agent_group_id) "
                        + "VALUES (?, 'agent', 'agent', ?, ?)", "to-" + g, g, g);
            }
            return null;
        });
        agents = new AgentChannel(h.data, central, stores, h.lanes, h.files.inbound(), wakes::add,
                new A2aCap(2, h.clock), h.clock);
        h.channels.register(agents);
    }

    @AfterEach
    void tearDown() {
        h.close();
        central.close();
    }

    private String toAgent(String group, String text) throws Exception {
        return h.rows.out("chat", Json.write(Json.object().put("text", text)), "agent", group, null);
    }

    private String agentShared(String group) throws Exception {
        List<Map<String, Object>> s = new DataInspector(h.data).central("SELECT id FROM sessions WHERE agent_group_id = ? "
                + "AND messaging_group_id IS NULL AND thread_id IS NULL AND status = 'active'", group);
        assertThat(s).hasSize(1);
        return (String) s.get(0).get("id");
    }

    private List<Map<String, Object>> landed(String group, String session) throws Exception {
        return new DataInspector(h.data).inbound(SessionPaths.of(h.data, group, session), "SELECT kind, trigger, "
                + "channel_type, platform_id, platform_message_id, source_session_id, content FROM messages_in "
                + "ORDER BY seq");
    }

    @Test
    void aDeclaredTargetLandsInItsAgentSharedSessionOnceAndWakesIt() throws Exception {
        String id = toAgent("g2", "hello two");
        h.pass();

        assertThat(h.delivered(id)).containsEntry("status", "delivered").containsEntry("platform_message_id", id);
        String shared = agentShared("g2");
        List<Map<String, Object>> rows = landed("g2", shared);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("kind", "chat").containsEntry("trigger", 1)
                .containsEntry("channel_type", "agent").containsEntry("platform_id", "g1")
                .containsEntry("platform_message_id", id).containsEntry("source_session_id", "s-1");
        assertThat(Json.parse((String) rows.get(0).get("content"))).isEqualTo(Json.parse(
                "{\"text\":\"hello two\",\"sender\":{\"id\":\"agent:g1\",\"name\":\"Group one\"}}"));
        assertThat(wakes).containsExactly(shared);

        // the same row delivered again (a crash before delivery recorded it) lands nothing twice
        OutboundDelivery again = new OutboundDelivery("s-1", "g1", id, 1, "chat", "agent", "g2", null,
                Json.parse("{\"text\":\"hello two\"}"), "2026-11-22T10:00:01.000Z");
        assertThat(agents.send(again).get(30, TimeUnit.SECONDS)).isEqualTo(id);
        assertThat(landed("g2", shared)).hasSize(1);
        assertThat(wakes).as("a duplicate wakes nobody").hasSize(1);
    }

    @Test
    void aReplyToAnAgentMessageGoesBackToTheSessionThatSentIt() throws Exception {
        String id = toAgent("g2", "question");
        h.pass();
        String shared = agentShared("g2");

        OutboundDelivery reply = new OutboundDelivery(shared, "g2", "o-reply-1", 1, "chat", "agent", "g1", null,
                Json.parse("{\"text\":\"answer\"}"), "2026-11-22T10:00:02.000Z", List.of(), id);
        assertThat(agents.send(reply).get(30, TimeUnit.SECONDS)).isEqualTo("o-reply-1");

        List<Map<String, Object>> back = new DataInspector(h.data).inbound(h.files.paths(), "SELECT platform_id, "
                + "source_session_id, trigger, content FROM messages_in WHERE channel_type = 'agent'");
        assertThat(back).hasSize(1);
        assertThat(back.get(0)).containsEntry("platform_id", "g2").containsEntry("source_session_id", shared)
                .containsEntry("trigger", 1);
        assertThat(Json.parse((String) back.get(0).get("content")).path("text").asText()).isEqualTo("answer");
        assertThat(new DataInspector(h.data).central("SELECT count(*) AS n FROM sessions WHERE agent_group_id = 'g1'"))
                .as("no agent-shared session of g1 was needed").containsExactly(Map.of("n", 1));
        assertThat(wakes).containsExactly(shared, "s-1");
    }

    @Test
    void anUndeclaredTargetFailsAtOnceWithANoteNamingBothGroups() throws Exception {
        String id = toAgent("g3", "let me in");
        h.pass();

        assertThat(h.delivered(id)).containsEntry("status", "failed");
        assertThat((String) h.delivered(id).get("error")).contains("agent group g1").contains("agent group g3");
        assertThat(h.inbound("SELECT count(*) AS n FROM delivery_attempts")).containsExactly(Map.of("n", 0));
        List<Map<String, Object>> notes = h.notes();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0)).containsEntry("trigger", 0);
        assertThat(Json.parse((String) notes.get(0).get("content")).path("type").asText()).isEqualTo("delivery_failed");
        assertThat(new DataInspector(h.data).central("SELECT count(*) AS n FROM sessions WHERE agent_group_id = 'g3'"))
                .as("no session is made for a refused message").containsExactly(Map.of("n", 0));
    }

    @Test
    void anUnknownGroupFilesAndAdminCommandsAreRefusedPermanently() {
        OutboundDelivery nowhere = new OutboundDelivery("s-1", "g1", "o-x", 1, "chat", "agent", "g9", null,
                Json.parse("{\"text\":\"x\"}"), "2026-11-22T10:00:01.000Z");
        Throwable unknown = catchThrowable(() -> agents.send(nowhere).join());
        assertThat(unknown.getCause()).isInstanceOf(ChannelException.class)
                .hasMessageContaining("agent group g9 does not exist");
        assertThat(((ChannelException) unknown.getCause()).permanent()).isTrue();

        OutboundDelivery withFile = nowhere.withFiles(List.of(new io.tandem.host.channels.OutboundFile("a.txt",
                "text/plain", 1, tmp.resolve("a.txt"))));
        Throwable files = catchThrowable(() -> agents.send(withFile).join());
        assertThat(((ChannelException) files.getCause()).permanent()).isTrue();
        assertThat(files.getCause()).hasMessageContaining("files cannot be sent to another agent");

        OutboundDelivery clear = new OutboundDelivery("s-1", "g1", "o-c", 1, "chat", "agent", "g2", null,
                Json.parse("{\"text\":\" /clear \"}"), "2026-11-22T10:00:01.000Z");
        Throwable command = catchThrowable(() -> agents.send(clear).join());
        assertThat(((ChannelException) command.getCause()).permanent()).isTrue();
        assertThat(command.getCause()).hasMessageContaining("admin command /clear cannot be sent to another agent");
        assertThat(wakes).as("nothing landed anywhere").isEmpty();
    }

    @Test
    void theThirdMessageToOneGroupWithinAMinuteFailsNamingTheCap() throws Exception {
        String first = toAgent("g2", "1");
        String second = toAgent("g2", "2");
        String third = toAgent("g2", "3");
        h.pass();

        assertThat(h.delivered(first)).containsEntry("status", "delivered");
        assertThat(h.delivered(second)).containsEntry("status", "delivered");
        assertThat(h.delivered(third)).containsEntry("status", "failed");
        assertThat((String) h.delivered(third).get("error")).contains("a2a.max_per_minute");
        assertThat(h.notes()).singleElement().satisfies(n -> assertThat(Json.parse((String) n.get("content"))
                .path("error").asText()).contains("a2a.max_per_minute cap hit"));
        assertThat(landed("g2", agentShared("g2"))).hasSize(2);

        h.clock.advance(java.time.Duration.ofSeconds(61));
        String later = toAgent("g2", "4");
        h.pass();
        assertThat(h.delivered(later)).as("a minute later the pair may send again").containsEntry("status",
                "delivered");
    }
}
