package io.tandem.host.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.support.SettableClock;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code last_active} is refreshed at most once per {@link SessionStore#TOUCH_GRANULARITY}, so the
 * central transaction that routes a message of a busy chat writes nothing and costs no commit.
 */
class SessionTouchTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path data;
    final SettableClock clock = new SettableClock(T0);
    final CentralStores stores = CentralStores.sqlite(clock);
    CentralDb central;
    SessionRow session;

    @BeforeEach
    void setUp() throws Exception {
        central = CentralDb.open(data.resolve("central.db"), clock);
        central.call(c -> Sql.tx(c, tx -> EmbeddedDefaults.applyIfEmpty(tx, stores)));
        session = central.tx(c -> stores.sessions().findOrCreateSession(c, EmbeddedDefaults.GROUP, null, null)).join();
    }

    @AfterEach
    void tearDown() {
        central.close();
    }

    private String lastActive() {
        return central.read(c -> Sql.one(c, "SELECT last_active FROM sessions WHERE id = ?", rs -> rs.getString(1),
                session.id()).orElseThrow()).join();
    }

    /** What the router does per message: upsert the sender, touch the session. */
    private long commitsOfARoute() {
        long before = Sql.commits();
        central.tx(c -> {
            stores.users().upsertUser(c, "http:ann", "http", "Ann");
            stores.sessions().touchSession(c, session.id());
            return null;
        }).join();
        return Sql.commits() - before;
    }

    @Test
    void aBusyChatTouchesItsSessionOncePerMinuteAndRoutesWithoutACommit() {
        assertThat(commitsOfARoute()).as("first message: new user").isEqualTo(1);
        assertThat(lastActive()).isEqualTo(Timestamps.format(T0));

        clock.advance(Duration.ofSeconds(30));
        assertThat(commitsOfARoute()).as("same sender, session touched 30 s ago").isZero();
        assertThat(lastActive()).isEqualTo(Timestamps.format(T0));

        clock.advance(Duration.ofSeconds(31));
        assertThat(commitsOfARoute()).as("a minute later the touch is due").isEqualTo(1);
        assertThat(lastActive()).isEqualTo(Timestamps.format(T0.plusSeconds(61)));
    }
}
