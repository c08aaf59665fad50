package io.tandem.host.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.AdapterStateStore.Purged;
import io.tandem.host.central.Housekeeping;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bug 8: the router's dedupe keys carry an expiry, are purged after it, and a re-post after expiry
 * is routed again (a session that still holds the message keeps one row and is not woken twice).
 */
class RouterDedupeExpiryTest {
    static final Duration TTL = Duration.ofDays(7);

    @TempDir
    Path data;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    RouterFixture f;
    String chat;

    @BeforeEach
    void setUp() throws Exception {
        f = new RouterFixture(data, clock, TTL);
        f.group("alpha");
        f.group("beta");
        chat = f.publicChat("room");
        f.wire(chat, "alpha", ".");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Purged purge() throws Exception {
        return new Housekeeping(f.central, f.stores.adapterState(), clock).pass().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aDedupeKeyCarriesItsExpiry() throws Exception {
        f.say("room", "once", "pm-1");
        assertThat(new DataInspector(data).central("SELECT key, expires_at FROM chat_sdk_kv WHERE key LIKE 'inbound:%'"))
                .containsExactly(Map.of("key", "inbound:http:room:pm-1", "expires_at", "2026-11-29T10:00:00.000Z"));
    }

    @Test
    void withinTheTtlARepostIsADuplicateAndThePurgeKeepsTheKey() throws Exception {
        RouteResult first = f.say("room", "once", "pm-1");
        clock.advance(TTL.minusSeconds(1));
        assertThat(purge()).isEqualTo(Purged.NONE);
        RouteResult again = f.say("room", "once", "pm-1");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.routed()).isEqualTo(first.routed());
    }

    @Test
    void afterTheTtlTheKeyIsPurgedAndARepostIsRoutedAgain() throws Exception {
        RouteResult first = f.say("room", "once", "pm-1");
        assertThat(f.woken).hasSize(1);
        clock.advance(TTL);
        assertThat(purge()).isEqualTo(new Purged(1, 0));
        assertThat(new DataInspector(data).central("SELECT count(*) AS n FROM chat_sdk_kv")).containsExactly(
                Map.of("n", 0));

        f.wire(chat, "beta", ".");
        RouteResult again = f.say("room", "once", "pm-1");

        assertThat(again.duplicate()).as("beta never saw it: routed as new").isFalse();
        assertThat(again.routed()).extracting(RouteResult.Routed::agentGroupId).containsExactlyInAnyOrder("alpha",
                "beta");
        RouteResult.Routed alpha = again.routed().stream().filter(r -> r.agentGroupId().equals("alpha")).findFirst()
                .orElseThrow();
        assertThat(alpha).isEqualTo(first.routed().get(0));
        assertThat(f.rows(alpha)).as("alpha still holds it: one row").hasSize(1);
        assertThat(f.woken).as("alpha not woken twice, beta woken").hasSize(2);
        assertThat(new DataInspector(data).central("SELECT expires_at FROM chat_sdk_kv WHERE key = ?",
                "inbound:http:room:pm-1")).containsExactly(Map.of("expires_at", "2026-12-06T10:00:00.000Z"));
    }
}
