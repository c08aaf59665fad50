package io.tandem.host.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.AdapterStateStore.Purged;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SettableClock;
import io.tandem.schema.db.Sql;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired adapter state is purged, only it, in bounded chunks. */
class AdapterStatePurgeTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path data;
    final SettableClock clock = new SettableClock(NOW);
    final CentralStores stores = CentralStores.sqlite(clock);
    CentralDb central;

    @BeforeEach
    void setUp() throws Exception {
        central = CentralDb.open(data.resolve("central.db"), clock);
    }

    @AfterEach
    void tearDown() {
        central.close();
    }

    private void kv(String key, String expiresAt) throws Exception {
        central.call(c -> Sql.tx(c, tx -> {
            stores.adapterState().kvPut(tx, key, "v", expiresAt);
            return null;
        }));
    }

    private void item(String key, int idx, String expiresAt) throws Exception {
        central.call(c -> Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO chat_sdk_lists(key, idx, value, expires_at) "
                + "VALUES (?, ?, 'v', ?)", key, idx, expiresAt)));
    }

    private List<Object> keys(String table) throws Exception {
        return DataInspector.column(new DataInspector(data).central("SELECT key || coalesce('#' || "
                + (table.equals("chat_sdk_lists") ? "idx" : "NULL") + ", '') AS k FROM " + table + " ORDER BY k"), "k");
    }

    @Test
    void removesOnlyRowsExpiredAtOrBeforeNow() throws Exception {
        kv("past", "2026-11-22T09:59:59.999Z");
        kv("exactly-now", "2026-11-22T10:00:00.000Z");
        kv("future", "2026-11-22T10:00:00.001Z");
        kv("forever", null);
        item("log", 1, "2026-11-01T00:00:00.000Z");
        item("log", 2, "2026-12-01T00:00:00.000Z");
        item("log", 3, null);

        Purged p = central.call(c -> Sql.tx(c, tx -> stores.adapterState().purgeExpired(tx, NOW)));

        assertThat(p).isEqualTo(new Purged(2, 1));
        assertThat(keys("chat_sdk_kv")).containsExactly("forever", "future");
        assertThat(keys("chat_sdk_lists")).containsExactly("log#2", "log#3");
    }

    @Test
    void anExpiredValueIsInvisibleBeforeItIsPurged() throws Exception {
        kv("soon", "2026-11-22T10:00:05.000Z");
        assertThat(central.read(c -> stores.adapterState().kvGet(c, "soon")).join()).contains("v");
        clock.advance(Duration.ofSeconds(5));
        assertThat(central.read(c -> stores.adapterState().kvGet(c, "soon")).join()).isEmpty();
    }

    @Test
    void onePurgeCallRemovesAtMostItsLimitPerTable() throws Exception {
        for (int i = 0; i < 5; i++) {
            kv("k" + i, "2026-11-22T09:00:00.000Z");
            item("log", i, "2026-11-22T09:00:00.000Z");
        }
        Purged p = central.call(c -> Sql.tx(c, tx -> stores.adapterState().purgeExpired(tx, NOW, 2)));
        assertThat(p).isEqualTo(new Purged(2, 2));
        assertThat(keys("chat_sdk_kv")).hasSize(3);
        assertThat(keys("chat_sdk_lists")).hasSize(3);
    }

    @Test
    void housekeepingPurgesEverythingExpiredInChunksAndReportsTheCounts() throws Exception {
        for (int i = 0; i < 7; i++) {
            kv("k" + i, "2026-11-22T09:00:00.000Z");
        }
        item("log", 1, "2026-11-22T09:00:00.000Z");
        kv("keep", null);
        Housekeeping hk = new Housekeeping(central, stores.adapterState(), clock, 2, 100);

        Purged p = hk.pass().get(30, TimeUnit.SECONDS);

        assertThat(p).isEqualTo(new Purged(7, 1));
        assertThat(keys("chat_sdk_kv")).containsExactly("keep");
        assertThat(hk.pass().get(30, TimeUnit.SECONDS)).isEqualTo(Purged.NONE);
    }

    @Test
    void aPassStopsAfterItsChunkBudgetAndTheNextPassContinues() throws Exception {
        for (int i = 0; i < 7; i++) {
            kv("k" + i, "2026-11-22T09:00:00.000Z");
        }
        Housekeeping hk = new Housekeeping(central, stores.adapterState(), clock, 2, 2);
        assertThat(hk.pass().get(30, TimeUnit.SECONDS)).isEqualTo(new Purged(4, 0));
        assertThat(hk.pass().get(30, TimeUnit.SECONDS)).isEqualTo(new Purged(3, 0));
        assertThat(keys("chat_sdk_kv")).isEmpty();
    }

    @Test
    void theHttpEventLogCounterNeverExpires() throws Exception {
        kv("http:last:demo", null);
        kv("http:sent:o-1", "2026-11-22T09:00:00.000Z");
        new Housekeeping(central, stores.adapterState(), clock).pass().get(30, TimeUnit.SECONDS);
        assertThat(keys("chat_sdk_kv")).containsExactly("http:last:demo");
    }
}
