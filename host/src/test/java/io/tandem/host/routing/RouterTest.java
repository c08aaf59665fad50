package io.tandem.host.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.session.InboundDb;
import io.tandem.host.support.DataInspector;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing decisions (DESIGN 5.1) against a real central.db and real session files. */
class RouterTest {
    @TempDir
    Path data;
    CentralDb central;
    final CentralStores store = CentralStores.sqlite(Clock.systemUTC());
    SessionLanes lanes;
    Router router;
    final List<String> woken = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        central = CentralDb.open(data.resolve("central.db"), Clock.systemUTC());
        lanes = new SessionLanes(2);
        router = new Router(data, central, store, lanes, new InboundDb(Durability.POWER), woken::add,
                Clock.systemUTC(), Duration.ofDays(7));
        central.call(c -> Sql.tx(c, tx -> {
            store.groups().insertAgentGroup(tx, "alpha", "Alpha", "alpha");
            store.groups().insertAgentGroup(tx, "beta", "Beta", "beta");
            return null;
        }));
    }

    @AfterEach
    void tearDown() {
        lanes.close();
        central.close();
    }

    private String chat(String platformId, String policy) throws Exception {
        return central.call(c -> Sql.tx(c, tx -> store.channels().insertMessagingGroup(tx, "http", platformId, null, false,
                UnknownSenderPolicy.fromWire(policy))));
    }

    private void wire(String mg, String group, String mode, String pattern, String ignored, int priority)
            throws Exception {
        central.call(c -> Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messaging_group_agents(id, messaging_group_id, "
                        + "agent_group_id, engage_mode, engage_pattern, ignored_message_policy, priority, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, '2026-11-22T10:00:00.000Z')", "w-" + mg + group, mg, group,
                mode, pattern, ignored, priority)));
    }

    private RouteResult say(String chat, String sender, String text, boolean mention, String platformMessageId)
            throws Exception {
        var content = Json.object().put("text", text);
        content.putObject("sender").put("id", sender);
        InboundEvent ev = new InboundEvent("http", chat, null, platformMessageId, sender, sender, text, content,
                "2026-11-22T10:00:00.000Z", mention, false);
        return router.route(ev, true).get(30, TimeUnit.SECONDS);
    }

    private List<Map<String, Object>> rows(RouteResult.Routed r) throws Exception {
        return new DataInspector(data).inbound(SessionPaths.of(data, r.agentGroupId(), r.sessionId()),
                "SELECT seq, trigger, kind FROM messages_in ORDER BY seq");
    }

    @Test
    void aStrictChatDropsAnUnknownSenderAndAuditsIt() throws Exception {
        String mg = chat("team", "strict");
        wire(mg, "alpha", "pattern", ".", "drop", 0);
        RouteResult r = say("team", "mallory", "hi", false, null);
        assertThat(r.dropped()).isEqualTo("unknown_sender_strict");
        assertThat(r.routed()).isEmpty();
        assertThat(new DataInspector(data).central("SELECT reason, user_id FROM unregistered_senders"))
                .containsExactly(Map.of("reason", "unknown_sender_strict", "user_id", "http:mallory"));
        assertThat(new DataInspector(data).central("SELECT count(*) AS n FROM sessions"))
                .containsExactly(Map.of("n", 0));
        assertThat(woken).isEmpty();
    }

    @Test
    void aStrictChatRoutesAMemberOfTheGroup() throws Exception {
        String mg = chat("team", "strict");
        wire(mg, "alpha", "pattern", ".", "drop", 0);
        central.call(c -> Sql.tx(c, tx -> {
            store.users().upsertUser(tx, "http:ann", "http", "Ann");
            return Sql.update(tx, "INSERT INTO agent_group_members(user_id, agent_group_id, added_at) "
                    + "VALUES ('http:ann', 'alpha', '2026-11-22T10:00:00.000Z')");
        }));
        RouteResult r = say("team", "ann", "hi", false, null);
        assertThat(r.dropped()).isNull();
        assertThat(r.routed()).hasSize(1);
        assertThat(woken).containsExactly(r.routed().get(0).sessionId());
    }

    @Test
    void aMentionWiringIgnoresPlainMessagesAndEngagesOnAMention() throws Exception {
        String mg = chat("room", "public");
        wire(mg, "alpha", "mention", null, "drop", 0);
        assertThat(say("room", "ann", "chatter", false, null).dropped()).isEqualTo("no_agent_engaged");
        RouteResult r = say("room", "ann", "@alpha hi", true, null);
        assertThat(r.routed()).hasSize(1);
        assertThat(rows(r.routed().get(0))).containsExactly(Map.of("seq", 2, "trigger", 1, "kind", "chat"));
    }

    @Test
    void anAccumulatingWiringStoresIgnoredMessagesWithoutWaking() throws Exception {
        String mg = chat("room", "public");
        wire(mg, "alpha", "pattern", "^!", "accumulate", 0);
        RouteResult quiet = say("room", "ann", "context", false, null);
        assertThat(quiet.routed()).hasSize(1);
        assertThat(woken).isEmpty();
        RouteResult loud = say("room", "ann", "!go", false, null);
        assertThat(woken).hasSize(1);
        assertThat(rows(loud.routed().get(0))).containsExactly(Map.of("seq", 2, "trigger", 0, "kind", "chat"),
                Map.of("seq", 4, "trigger", 1, "kind", "chat"));
    }

    @Test
    void aChatWithoutWiringIsDroppedAndAnUnknownChatIsRegisteredOnlyOnAMention() throws Exception {
        chat("lonely", "public");
        assertThat(say("lonely", "ann", "hi", false, null).dropped()).isEqualTo("no_agent_wired");
        assertThat(say("nowhere", "ann", "hi", false, null).dropped()).isEqualTo("unknown_chat");
        assertThat(new DataInspector(data).central("SELECT count(*) AS n FROM messaging_groups WHERE platform_id = "
                + "'nowhere'")).containsExactly(Map.of("n", 0));
        assertThat(say("nowhere", "ann", "@bot hi", true, null).dropped()).isEqualTo("no_agent_wired");
        assertThat(new DataInspector(data).central("SELECT unknown_sender_policy FROM messaging_groups WHERE "
                + "platform_id = 'nowhere'")).containsExactly(Map.of("unknown_sender_policy", "request_approval"));
    }

    @Test
    void twoWiringsGetTheMessageInTheirOwnSessionsByPriority() throws Exception {
        String mg = chat("shared", "public");
        wire(mg, "alpha", "pattern", ".", "drop", 1);
        wire(mg, "beta", "pattern", ".", "drop", 5);
        RouteResult r = say("shared", "ann", "both", false, null);
        assertThat(r.routed()).extracting(RouteResult.Routed::agentGroupId).containsExactly("beta", "alpha");
        assertThat(r.routed()).extracting(RouteResult.Routed::sessionId).doesNotHaveDuplicates();
        RouteResult again = say("shared", "ann", "again", false, null);
        assertThat(again.routed()).extracting(RouteResult.Routed::sessionId)
                .containsExactlyElementsOf(r.routed().stream().map(RouteResult.Routed::sessionId).toList());
    }

    @Test
    void aRedeliveredPlatformMessageIsADuplicateWithOneRow() throws Exception {
        String mg = chat("room", "public");
        wire(mg, "alpha", "pattern", ".", "drop", 0);
        RouteResult first = say("room", "ann", "once", false, "pm-1");
        RouteResult again = say("room", "ann", "once", false, "pm-1");
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.routed()).isEqualTo(first.routed());
        assertThat(rows(first.routed().get(0))).hasSize(1);
    }
}
