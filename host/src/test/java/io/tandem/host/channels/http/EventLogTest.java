package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralStores;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import io.tandem.schema.migrate.CentralMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    @TempDir
    Path tmp;
    final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    final EventLog log = new EventLog(CentralStores.sqlite(clock).adapterState());

    @Test
    void aRepeatedDeliveryReturnsTheSameCursorAndAppendsNothing() throws Exception {
        try (Connection c = central()) {
            long first = Sql.tx(c, tx -> log.append(tx, "demo", "o-1", Json.object().put("text", "a"), null));
            long again = Sql.tx(c, tx -> log.append(tx, "demo", "o-1", Json.object().put("text", "a"), null));
            long second = Sql.tx(c, tx -> log.append(tx, "demo", "o-2", Json.object().put("text", "b"), null));
            assertThat(first).isEqualTo(1);
            assertThat(again).isEqualTo(1);
            assertThat(second).isEqualTo(2);
            assertThat(log.after(c, "demo", 0, 100, "2026-11-22T10:00:00.000Z")).hasSize(2);
            assertThat(Json.parse(log.after(c, "demo", 1, 100, "2026-11-22T10:00:00.000Z").get(0))
                    .path("platform_message_id").asText()).isEqualTo("2");
        }
    }

    @Test
    void cursorsNeverRestartAfterExpiredEventsArePurged() throws Exception {
        try (Connection c = central()) {
            Sql.tx(c, tx -> log.append(tx, "demo", "o-1", Json.object(), "2026-11-22T10:00:01.000Z"));
            Sql.tx(c, tx -> Sql.update(tx, "DELETE FROM chat_sdk_lists"));
            long next = Sql.tx(c, tx -> log.append(tx, "demo", "o-2", Json.object(), null));
            assertThat(next).isEqualTo(2);
            assertThat(log.after(c, "demo", 0, 100, "2026-11-22T11:00:00.000Z")).hasSize(1);
        }
    }

    @Test
    void expiredEventsAreNotServedAndOtherChatsAreSeparate() throws Exception {
        try (Connection c = central()) {
            Sql.tx(c, tx -> log.append(tx, "demo", "o-1", Json.object(), "2026-11-22T10:00:01.000Z"));
            Sql.tx(c, tx -> log.append(tx, "other", "o-2", Json.object(), null));
            assertThat(log.after(c, "demo", 0, 100, "2026-11-22T10:00:02.000Z")).isEmpty();
            assertThat(log.after(c, "other", 0, 100, "2026-11-22T10:00:02.000Z")).hasSize(1);
        }
    }

    private Connection central() throws Exception {
        Connection c = SqliteOpener.openCentral(tmp.resolve("central.db"));
        CentralMigrations.apply(c, clock);
        return c;
    }
}
