package io.tandem.runner.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.runner.SessionFixture;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's outbound retention on real files: only rows the host settled (delivered or failed)
 * and older than the retention go, with their outbox files; unsettled rows, recent rows and the
 * newest row stay, and the freed pages are given back.
 */
class OutboundRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Duration KEEP = Duration.ofDays(90);

    @TempDir
    Path tmp;

    @Test
    void deletesOnlyOldSettledRowsAndNeverTheNewest() throws Exception {
        SessionFixture session = SessionFixture.create(tmp);
        session.insertChat("hello", true); // inbound.db exists with its schema
        String old = Timestamps.format(NOW.minus(Duration.ofDays(100)));
        String recent = Timestamps.format(NOW.minus(Duration.ofDays(1)));
        session.asEarlierRunner(tx -> {
            row(tx, "mo-old-delivered", 1, old);
            row(tx, "mo-old-failed", 3, old);
            row(tx, "mo-old-unsettled", 5, old);
            row(tx, "mo-recent", 7, recent);
            row(tx, "mo-old-newest", 9, old);
            return null;
        });
        try (Connection in = SqliteOpener.openSession(session.paths.inboundDb(), Durability.PROCESS)) {
            for (String id : List.of("mo-old-delivered", "mo-recent", "mo-old-newest")) {
                Sql.update(in, "INSERT INTO delivered(message_out_id, platform_message_id, status, delivered_at) "
                        + "VALUES (?, 'p', 'delivered', ?)", id, old);
            }
            Sql.update(in, "INSERT INTO delivered(message_out_id, status, delivered_at, error) "
                    + "VALUES ('mo-old-failed', 'failed', ?, 'gone')", old);
        }
        Path files = session.paths.outbox().resolve("mo-old-delivered");
        Files.createDirectories(files);
        Files.writeString(files.resolve("report.pdf"), "%PDF");

        try (OutboundStore out = OutboundStore.open(session.paths.outboundDb(), Durability.PROCESS);
             InboundReader inbound = new InboundReader(session.paths.inboundDb(), "s-test")) {
            OutboundRetention retention = new OutboundRetention(inbound, out, session.paths.outbox(), "s-test", KEEP);
            assertThat(retention.run(NOW)).isEqualTo(2);
            List<String> left = out.tx(c -> Sql.list(c, "SELECT id FROM messages_out ORDER BY seq",
                    rs -> rs.getString(1)));
            assertThat(left).containsExactly("mo-old-unsettled", "mo-recent", "mo-old-newest");
            assertThat(files).doesNotExist();
            assertThat(retention.run(NOW)).as("a second run finds nothing").isZero();
        }
    }

    private static void row(Connection tx, String id, long seq, String timestamp) throws java.sql.SQLException {
        Sql.update(tx, "INSERT INTO messages_out(id, seq, timestamp, kind, platform_id, channel_type, content) "
                + "VALUES (?, ?, ?, 'chat', 'demo', 'http', '{\"text\":\"x\"}')", id, seq, timestamp);
    }
}
