package io.tandem.host.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.ContainerStatus;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.IgnoredMessagePolicy;
import io.tandem.schema.rows.Role;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.rows.UnknownSenderPolicy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-aggregate stores on a real central.db: enum-typed rows, reads off the writer, access rules. */
class CentralStoresTest {
    @TempDir
    Path data;
    final CentralStores stores = CentralStores.sqlite(Clock.systemUTC());
    CentralDb central;

    @BeforeEach
    void setUp() throws Exception {
        central = CentralDb.open(data.resolve("central.db"), Clock.systemUTC());
        central.call(c -> Sql.tx(c, tx -> EmbeddedDefaults.applyIfEmpty(tx, stores)));
    }

    @AfterEach
    void tearDown() {
        central.close();
    }

    @Test
    void wiringsAndChatsReadBackAsEnumsOnTheReadConnection() {
        var mg = central.read(c -> stores.channels().messagingGroup(c, "http", EmbeddedDefaults.CHAT)).join()
                .orElseThrow();
        assertThat(mg.unknownSenderPolicy()).isEqualTo(UnknownSenderPolicy.PUBLIC);
        Wiring w = central.read(c -> stores.channels().wirings(c, mg.id())).join().get(0);
        assertThat(w.engageMode()).isEqualTo(EngageMode.PATTERN);
        assertThat(w.engagePattern()).isEqualTo(".");
        assertThat(w.senderScope()).isEqualTo(SenderScope.ALL);
        assertThat(w.ignoredMessagePolicy()).isEqualTo(IgnoredMessagePolicy.DROP);
        assertThat(w.sessionMode()).isEqualTo(SessionMode.SHARED);
    }

    @Test
    void sessionsCarryTheirStatusesAndTheReadConnectionSeesCommittedWrites() throws Exception {
        SessionRow created = central.call(c -> Sql.tx(c, tx -> {
            SessionRow s = stores.sessions().findOrCreateSession(tx, EmbeddedDefaults.GROUP, null, null);
            stores.sessions().setContainerStatus(tx, s.id(), ContainerStatus.RUNNING);
            return s;
        }));
        assertThat(created.status()).isEqualTo(SessionStatus.ACTIVE);
        SessionRow read = central.read(c -> stores.sessions().session(c, created.id())).join().orElseThrow();
        assertThat(read.containerStatus()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(central.read(stores.sessions()::activeSessions).join()).containsExactly(read);
        int reset = central.call(c -> stores.sessions().resetContainerStatuses(c));
        assertThat(reset).isEqualTo(1);
        assertThat(central.read(c -> stores.sessions().session(c, created.id())).join().orElseThrow()
                .containerStatus()).isEqualTo(ContainerStatus.STOPPED);
    }

    @Test
    void aWriteOnTheReadConnectionFailsInsteadOfBypassingTheWriter() {
        assertThatThrownBy(() -> central.read(c -> {
            stores.users().upsertUser(c, "http:eve", "http", "Eve");
            return null;
        }).join()).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void destinationsCarryTheirTargetType() throws Exception {
        central.call(c -> Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO agent_destinations(agent_group_id, local_name, "
                + "target_type, target_id, created_at) VALUES ('echo', 'self', 'agent', 'echo', "
                + "'2026-11-22T10:00:00.000Z')")));
        var d = central.read(c -> stores.groups().destinations(c, EmbeddedDefaults.GROUP)).join();
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.targetType()).isEqualTo(DestinationType.AGENT);
            assertThat(x.displayName()).isEqualTo("Echo");
        });
    }

    @Test
    void rolesAndMembershipMakeAUserKnown() throws Exception {
        central.call(c -> Sql.tx(c, tx -> {
            stores.groups().insertAgentGroup(tx, "other", "Other", "other");
            for (String u : new String[] {"http:owner", "http:admin", "http:member", "http:elsewhere"}) {
                stores.users().upsertUser(tx, u, "http", null);
            }
            stores.users().grantRole(tx, "http:owner", Role.OWNER, null, null);
            stores.users().grantRole(tx, "http:owner", Role.OWNER, null, null);
            stores.users().grantRole(tx, "http:admin", Role.ADMIN, "echo", "http:owner");
            stores.users().addMember(tx, "http:member", "echo", "http:admin");
            stores.users().addMember(tx, "http:member", "echo", "http:admin");
            stores.users().addMember(tx, "http:elsewhere", "other", null);
            return null;
        }));
        for (String u : new String[] {"http:owner", "http:admin", "http:member"}) {
            assertThat(central.read(c -> stores.users().isKnownTo(c, u, "echo")).join()).as(u).isTrue();
        }
        assertThat(central.read(c -> stores.users().isKnownTo(c, "http:elsewhere", "echo")).join()).isFalse();
        assertThat(central.read(c -> stores.users().isKnownTo(c, "http:admin", "other")).join()).isFalse();
        assertThatThrownBy(() -> central.call(c -> {
            stores.users().grantRole(c, "http:admin", Role.OWNER, "echo", null);
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("global");
    }

    @Test
    void aResolvedDmIsRememberedPerUserAndChannel() throws Exception {
        String mg = central.call(c -> Sql.tx(c, tx -> {
            stores.users().upsertUser(tx, "http:ann", "http", "Ann");
            String id = stores.channels().insertMessagingGroup(tx, "http", "dm-ann", null, false,
                    UnknownSenderPolicy.STRICT);
            stores.users().rememberDm(tx, "http:ann", "http", id);
            return id;
        }));
        assertThat(central.read(c -> stores.users().dm(c, "http:ann", "http")).join()).contains(mg);
        assertThat(central.read(c -> stores.users().dm(c, "http:ann", "telegram")).join()).isEmpty();
    }
}
