package io.tandem.host.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AdminApi} on a real central database: refusals name the field, a refused change leaves
 * central as it was and asks for no effect, and a committed change asks for exactly the effects
 * section 3 needs (re-projection of the group, stopping a closed session's runner).
 */
class AdminApiTest {
    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();
    private final CentralStores stores = CentralStores.sqlite(clock);
    private final List<Set<String>> reprojected = new ArrayList<>();
    private final List<List<AdminEffects.ClosedSession>> closed = new ArrayList<>();
    private CentralDb central;
    private AdminApi api;
    private final io.tandem.host.work.SessionLanes lanes = new io.tandem.host.work.SessionLanes(1);
    private final io.tandem.host.session.InboundDb inbound =
            new io.tandem.host.session.InboundDb(io.tandem.schema.db.Durability.POWER);

    @BeforeEach
    void open() throws Exception {
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        central.call(c -> Sql.tx(c, tx -> EmbeddedDefaults.applyIfEmpty(tx, stores)));
        api = new AdminApi(tmp, central, stores, new AdminEffects() {
            @Override
            public void destinationsChanged(Set<String> groups) {
                reprojected.add(Set.copyOf(groups));
            }

            @Override
            public void sessionsClosed(List<ClosedSession> sessions) {
                closed.add(List.copyOf(sessions));
            }
        }, new SessionServices(
                new io.tandem.host.tasks.TaskService(inbound, lanes, id -> { },
                        new io.tandem.host.tasks.TaskZones(java.time.ZoneOffset.UTC), clock),
                new io.tandem.host.messages.FailedMessages(inbound, lanes, id -> { }, s -> { }),
                new io.tandem.host.messages.ConversationTail(inbound, lanes, clock),
                new io.tandem.host.status.SessionStats(inbound, lanes, clock),
                io.tandem.host.session.SessionQuarantines.offline(lanes, clock)),
                io.tandem.host.status.LiveHost.NOT_RUNNING);
    }

    @AfterEach
    void close() {
        lanes.close();
        central.close();
    }

    private ApiResponse call(String method, String path, Object body, Map<String, String> query) {
        JsonNode b = body == null ? null : body instanceof String s ? Json.parse(s) : Json.MAPPER.valueToTree(body);
        return api.handle(new ApiRequest(method, List.of(path.split("/")), query, b)).join();
    }

    private ApiResponse call(String method, String path, Object body) {
        return call(method, path, body, Map.of());
    }

    private static String message(ApiResponse r) {
        return Json.MAPPER.valueToTree(r.body()).path("error").path("message").asText();
    }

    @Test
    void aGroupsRuntimeAndNetworkAreStoredAndDefaultMeansContainersRuntime() throws Exception {
        assertThat(call("POST", "groups", Map.of("id", "boxed", "runtime", "bwrap", "network", true)).status())
                .isEqualTo(201);
        var row = central.call(c -> stores.groups().containerConfig(c, "boxed")).orElseThrow();
        assertThat(row.runtime()).isEqualTo(io.tandem.schema.rows.RuntimeKind.BWRAP);
        assertThat(row.network()).isTrue();
        JsonNode shown = Json.MAPPER.valueToTree(call("GET", "groups/boxed", null).body());
        assertThat(shown.path("runtime").asText()).isEqualTo("bwrap");
        assertThat(shown.path("network").asBoolean()).isTrue();

        assertThat(call("PATCH", "groups/boxed", Map.of("runtime", "default")).status()).isEqualTo(200);
        row = central.call(c -> stores.groups().containerConfig(c, "boxed")).orElseThrow();
        assertThat(row.runtime()).isNull();
        assertThat(row.network()).as("untouched by a change of runtime").isTrue();
        assertThat(Json.MAPPER.valueToTree(call("GET", "groups/boxed", null).body()).path("runtime").asText())
                .isEqualTo("default");

        ApiResponse bad = call("PATCH", "groups/boxed", Map.of("runtime", "podman"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(message(bad)).isEqualTo("runtime 'podman' is not one of process|bwrap|docker|default");
    }

    @Test
    void quarantineRefusesAMissingReasonAnUnknownFileAndAnUnknownSession() {
        ApiResponse noReason = call("POST", "sessions/s-1/quarantine", Map.of("files", List.of("inbound.db")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(message(noReason)).startsWith("reason: required");
        ApiResponse badFile = call("POST", "sessions/s-1/quarantine", Map.of("reason", "r",
                "files", List.of("central.db")));
        assertThat(badFile.status()).isEqualTo(400);
        assertThat(message(badFile)).isEqualTo("files: unknown session file central.db (inbound.db or outbound.db)");
        ApiResponse notAList = call("POST", "sessions/s-1/quarantine", Map.of("reason", "r", "files", "inbound.db"));
        assertThat(notAList.status()).isEqualTo(400);
        ApiResponse unknown = call("POST", "sessions/s-nope/quarantine", Map.of("reason", "r"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(message(unknown)).isEqualTo("session: no session s-nope");
    }

    @Test
    void refusalsNameTheFieldAndChangeNothing() throws Exception {
        ApiResponse mentionWithPattern = call("POST", "wirings", Map.of("channel", "http:demo", "group", "echo",
                "engage_mode", "mention", "engage_pattern", "x"));
        assertThat(mentionWithPattern.status()).isEqualTo(400);
        assertThat(message(mentionWithPattern)).isEqualTo("engage_pattern is only for engage_mode pattern");
        assertThat(message(call("POST", "wirings", Map.of("channel", "http:demo", "group", "echo"))))
                .isEqualTo("engage_mode is required");
        assertThat(message(call("POST", "wirings", Map.of("channel", "http:demo", "group", "echo",
                "engage_mode", "pattern")))).startsWith("engage_pattern is required when engage_mode is pattern");
        assertThat(message(call("POST", "groups", Map.of("id", "g", "colour", "red"))))
                .startsWith("unknown field colour");
        assertThat(message(call("POST", "groups", "[1]"))).isEqualTo("the request body must be a JSON object");
        assertThat(message(call("POST", "groups", Map.of("id", "g", "agent", Map.of("kind", "exec",
                "command", List.of("x"), "cwd", "../up"))))).contains("agent.cwd '../up' must be relative");
        ApiResponse ownerScoped = call("POST", "roles", Map.of("user", "http:ann", "role", "owner", "group", "echo"));
        assertThat(ownerScoped.status()).isEqualTo(400);
        assertThat(call("GET", "sessions", null, Map.of("status", "asleep")).status()).isEqualTo(400);
        assertThat(call("PUT", "groups/echo", Map.of()).status()).isEqualTo(404);

        // a refusal late in a request rolls back what the request did before it
        String mg = central.call(c -> stores.channels().messagingGroup(c, "http", "demo")).orElseThrow().id();
        central.call(c -> Sql.tx(c, tx -> stores.sessions().findOrCreateSession(tx, "echo", mg, null)));
        assertThat(call("DELETE", "groups/echo", null).status()).isEqualTo(409);
        List<?> active = central.call(c -> stores.sessions().activeSessions(c));
        assertThat(active).hasSize(1);
        assertThat(reprojected).isEmpty();
        assertThat(closed).isEmpty();
    }

    @Test
    void committedChangesAskForTheirEffects() throws Exception {
        assertThat(call("POST", "groups", Map.of("id", "bot")).status()).isEqualTo(201);
        ApiResponse ch = call("POST", "channels", Map.of("channel_type", "http", "platform_id", "support"));
        String mg = (String) ((Map<?, ?>) ch.body()).get("id");
        assertThat(call("POST", "wirings", Map.of("channel", mg, "group", "bot", "engage_mode", "mention"))
                .status()).isEqualTo(201);
        assertThat(reprojected).containsExactly(Set.of("bot"));
        assertThat(call("POST", "groups/bot/destinations", Map.of("name", "home", "channel", "http:demo")).status())
                .isEqualTo(201);
        assertThat(call("POST", "groups/echo/destinations", Map.of("name", "bot", "agent", "bot")).status())
                .isEqualTo(201);
        reprojected.clear();

        assertThat(call("PATCH", "groups/bot", Map.of("name", "The bot")).status()).isEqualTo(200);
        assertThat(reprojected).as("echo shows bot's name in its destinations").containsExactly(Set.of("echo"));
        reprojected.clear();

        var s = central.call(c -> Sql.tx(c, tx -> stores.sessions().findOrCreateSession(tx, "bot", mg, null)));
        ApiResponse closing = call("POST", "sessions/" + s.id() + "/close", null);
        assertThat(closing.status()).isEqualTo(200);
        assertThat(closed).containsExactly(List.of(new AdminEffects.ClosedSession(s.id(), "bot")));
        assertThat(call("POST", "sessions/" + s.id() + "/close", null).status()).isEqualTo(409);
        var next = central.call(c -> Sql.tx(c, tx -> stores.sessions().findOrCreateSession(tx, "bot", mg, null)));
        assertThat(next.id()).as("a closed session is not found again").isNotEqualTo(s.id());

        ApiResponse forced = call("DELETE", "groups/bot", null, Map.of("force", "true"));
        assertThat(forced.status()).isEqualTo(200);
        assertThat(closed.get(1)).containsExactly(new AdminEffects.ClosedSession(next.id(), "bot"));
        assertThat(reprojected).containsExactly(Set.of("echo"));
        List<?> echoDests = central.call(c -> stores.groups().destinations(c, "echo"));
        assertThat(echoDests).isEmpty();
        java.util.Optional<?> gone = central.call(c -> stores.sessions().session(c, s.id()));
        assertThat(gone).isEmpty();
    }
}
