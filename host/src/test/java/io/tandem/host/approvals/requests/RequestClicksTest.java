package io.tandem.host.approvals.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.admin.api.AdminEffects;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.host.delivery.Outcome;
import io.tandem.host.delivery.SystemAction;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SettableClock;
import io.tandem.host.sweep.Timers;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filing, deciding and expiring agent requests on a real central.db and a real session
 * {@code inbound.db}, with a settable clock: a repeated delivery of the same row files once;
 * of many racing Approve clicks exactly one wins and the agent is told exactly once; a handler
 * that refuses leaves no change behind and the agent is told {@code failed}; expiry follows the
 * clock and a click after it gets 410. No channel is registered, so cards cannot be sent: filing
 * answers {@link Outcome.Retry} and the card is resent with the row's next attempt.
 */
class RequestClicksTest {
    @TempDir
    Path tmp;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final CentralStores stores = CentralStores.sqlite(clock);
    private final SessionLanes lanes = new SessionLanes(2);
    private final InboundDb inbound = new InboundDb(Durability.POWER);
    private final List<String> wakes = new CopyOnWriteArrayList<>();
    private final Timers timers = new Timers(clock);
    private CentralDb central;
    private Path data;
    private SessionRef session;
    private AgentRequests requests;

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        central = CentralDb.open(data.resolve("central.db"), clock);
        String sessionId = central.call(c -> Sql.tx(c, tx -> {
            EmbeddedDefaults.applyIfEmpty(tx, stores);
            Sql.update(tx, "INSERT INTO users(id, created_at) VALUES ('http:admin', 'x'), ('http:eve', 'x')");
            Sql.update(tx, "INSERT INTO user_roles(user_id, role, agent_group_id, granted_at) "
                    + "VALUES ('http:admin', 'admin', 'echo', 'x')");
            String mg = stores.channels().messagingGroup(tx, "http", EmbeddedDefaults.CHAT).orElseThrow().id();
            return stores.sessions().findOrCreateSession(tx, EmbeddedDefaults.GROUP, mg, null).id();
        }));
        SessionPaths paths = SessionPaths.of(data, EmbeddedDefaults.GROUP, sessionId);
        new SessionFolders(inbound).ensure(paths, new SessionFolders.Routing("http", EmbeddedDefaults.CHAT, null));
        session = new SessionRef(sessionId, EmbeddedDefaults.GROUP, paths);
        requests = new AgentRequests(data, central, stores, lanes, inbound, wakes::add, new ChannelRegistry(), timers,
                Duration.ofHours(1), clock);
    }

    @AfterEach
    void tearDown() {
        timers.close();
        lanes.close();
        inbound.close();
        central.close();
    }

    private Outcome file(String messageOutId, String action, String payload) {
        var content = Json.parse("{\"action\":\"request_approval\",\"request_id\":\"r-" + messageOutId
                + "\",\"request\":{\"action\":\"" + action + "\",\"payload\":" + payload + ",\"reason\":\"why\"}}");
        return requests.action().run(new SystemAction.Request(session, messageOutId, 1, content)).join();
    }

    private ClickOutcome click(String id, String value, String user) {
        return requests.clicks(AdminEffects.NONE).click(new ActionClick("http", "dm-admin", id, value, user, true))
                .join();
    }

    private List<Map<String, Object>> results() throws Exception {
        return new DataInspector(data).inbound(session.paths(),
                "SELECT id, trigger, content FROM messages_in WHERE kind = 'system'");
    }

    @Test
    void aRepeatedDeliveryFilesOnceAndOfRacingApprovalsExactlyOneWins() throws Exception {
        Outcome first = file("o-1", "add_destination", "{\"name\":\"ops\",\"channel\":\"http:demo\"}");
        assertThat(first).as("no channel to send the card on: retried").isInstanceOf(Outcome.Retry.class);
        assertThat(file("o-1", "add_destination", "{\"name\":\"ops\",\"channel\":\"http:demo\"}"))
                .isInstanceOf(Outcome.Retry.class);
        String id = RequestApprovalAction.approvalId("o-1");
        DataInspector db = new DataInspector(data);
        assertThat(db.central("SELECT approval_id, status, approver_user_id, action FROM pending_approvals"))
                .containsExactly(Map.of("approval_id", id, "status", "pending", "approver_user_id", "http:admin",
                        "action", "add_destination"));

        assertThat(click(id, "allow", "http:eve")).isInstanceOfSatisfying(ClickOutcome.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(ClickOutcome.Refusal.FORBIDDEN));
        List<CompletableFuture<ClickOutcome>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(requests.clicks(AdminEffects.NONE)
                    .click(new ActionClick("http", "dm-admin", id, i % 2 == 0 ? "allow" : "deny", "http:admin", true)));
        }
        List<ClickOutcome> outcomes = racing.stream().map(CompletableFuture::join).toList();
        assertThat(outcomes).filteredOn(o -> o instanceof ClickOutcome.Answered).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof ClickOutcome.Refused r
                && r.refusal() == ClickOutcome.Refusal.ALREADY_ANSWERED).hasSize(7);
        String status = (String) db.central("SELECT status FROM pending_approvals").get(0).get("status");
        assertThat(status).isIn("approved", "rejected");
        assertThat(db.central("SELECT count(*) AS n FROM agent_destinations WHERE local_name = 'ops'"))
                .containsExactly(Map.of("n", status.equals("approved") ? 1 : 0));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(results()).hasSize(1));
        var told = Json.parse((String) results().get(0).get("content"));
        assertThat(told.path("type").asText()).isEqualTo("request_result");
        assertThat(told.path("request_id").asText()).isEqualTo("r-o-1");
        assertThat(told.path("status").asText()).isEqualTo(status);
        assertThat(results().get(0)).containsEntry("id", "m-" + id).containsEntry("trigger", 1);
        assertThat(wakes).contains(session.sessionId());
    }

    @Test
    void aRefusedPayloadIsRefusedAtFilingAndAnUnknownActionNamesTheKnownOnes() throws Exception {
        assertThat(file("o-2", "add_destination", "{\"name\":\"ops\",\"channel\":\"http:nowhere\"}"))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                        .contains("add_destination").contains("no channel http:nowhere"));
        assertThat(file("o-3", "fly", "{}")).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.error()).contains("unknown action 'fly'").contains("add_destination, create_agent"));
        assertThat(new DataInspector(data).central("SELECT count(*) AS n FROM pending_approvals"))
                .containsExactly(Map.of("n", 0));
    }

    @Test
    void aChangeThatBecameImpossibleIsApprovedButReportedFailedAndLeavesNothingBehind() throws Exception {
        file("o-4", "create_agent", "{\"name\":\"helper\"}");
        // meanwhile an operator takes the name
        central.call(c -> Sql.tx(c, tx -> {
            stores.groups().insertAgentGroup(tx, "helper", "Taken", "helper");
            return null;
        }));
        String id = RequestApprovalAction.approvalId("o-4");
        assertThat(click(id, "allow", "http:admin")).isInstanceOf(ClickOutcome.Answered.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(results()).hasSize(1));
        var told = Json.parse((String) results().get(0).get("content"));
        assertThat(told.path("status").asText()).isEqualTo("failed");
        assertThat(told.path("detail").asText()).contains("create_agent").contains("already exists");
        DataInspector db = new DataInspector(data);
        assertThat(db.central("SELECT name FROM agent_groups WHERE id = 'helper'"))
                .containsExactly(Map.of("name", "Taken"));
        assertThat(db.central("SELECT status FROM pending_approvals")).containsExactly(Map.of("status", "approved"));
    }

    @Test
    void expiryFollowsTheClockAndALateClickIsGone() throws Exception {
        file("o-5", "add_destination", "{\"name\":\"ops\",\"channel\":\"http:demo\"}");
        String id = RequestApprovalAction.approvalId("o-5");
        assertThat(requests.expiry().pass().join()).as("not yet").isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(requests.expiry().pass().join()).extracting(PendingApproval::approvalId).containsExactly(id);
        assertThat(requests.expiry().pass().join()).as("once").isEmpty();
        assertThat(click(id, "allow", "http:admin")).isInstanceOfSatisfying(ClickOutcome.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(ClickOutcome.Refusal.EXPIRED));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(results()).hasSize(1));
        assertThat(Json.parse((String) results().get(0).get("content")).path("status").asText()).isEqualTo("expired");
    }
}
