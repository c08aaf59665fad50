package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, bug 7: where delivery stands is kept in inbound.db (delivery_progress), so the first
 * pass after a restart reads only rows past it, not the whole history of messages_out.
 */
class DeliveryRestartTest {
    static final int HISTORY = 250;
    @TempDir
    Path tmp;
    DeliveryHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new DeliveryHarness(tmp);
        h.files.chatIn("http", "demo", "hi");
        try (Connection c = SqliteOpener.openSession(h.files.paths().outboundDb(), Durability.POWER)) {
            io.tandem.schema.migrate.SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> {
                for (int i = 0; i < HISTORY; i++) {
                    Sql.update(tx, "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES (?, ?, "
                            + "'2026-11-22T10:00:01.000Z', 'chat', '{\"text\":\"old\"}')", "o-old-" + i, 3 + 2L * i);
                }
                return null;
            });
        }
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void anOldSessionRestartsWithoutRescanningItsHistory() throws Exception {
        h.pass();
        assertThat(h.channel.sent).hasSize(HISTORY);
        assertThat(h.inbound("SELECT settled_through FROM delivery_progress"))
                .containsExactly(Map.of("settled_through", 3 + 2 * (HISTORY - 1)));

        h.delivery = h.service(PendingQuestions.unavailable());
        h.pass();
        assertThat(h.delivery.rowsRead()).as("rows read by the first pass after the restart").isZero();

        String fresh = h.rows.chat("new");
        h.pass();
        assertThat(h.delivery.rowsRead()).isEqualTo(1);
        assertThat(h.delivered(fresh)).containsEntry("status", "delivered");
        assertThat(h.channel.sent).hasSize(HISTORY + 1);
    }

    @Test
    void theMarkStopsAtARowStillWaitingAndMovesOnceItSettles() throws Exception {
        h.pass();
        h.channel.failWith.set(new IllegalStateException("platform down"));
        String first = h.rows.chat("a");
        String second = h.rows.chat("b");
        h.pass();
        int mark = 3 + 2 * (HISTORY - 1);
        assertThat(h.inbound("SELECT settled_through FROM delivery_progress"))
                .containsExactly(Map.of("settled_through", mark));
        h.channel.failWith.set(null);
        h.clock.advance(java.time.Duration.ofSeconds(3));
        h.delivery = h.service(PendingQuestions.unavailable());
        h.pass();
        assertThat(h.delivery.rowsRead()).isEqualTo(2);
        assertThat(h.delivered(first)).containsEntry("status", "delivered");
        assertThat(h.delivered(second)).containsEntry("status", "delivered");
        assertThat(((Number) h.inbound("SELECT settled_through FROM delivery_progress").get(0).get("settled_through"))
                .longValue()).isEqualTo(h.rows.seqOut(second));
    }

    @Test
    void aReplacedOutboundFileIsScannedAgainFromTheStart() throws Exception {
        h.pass();
        Files.delete(h.files.paths().outboundDb());
        String again = h.rows.chat("after the file was replaced");
        assertThat(h.rows.seqOut(again)).as("the new file mints below the old mark").isLessThan(3 + 2 * (HISTORY - 1));
        h.pass();
        assertThat(h.delivered(again)).containsEntry("status", "delivered");
    }
}
