package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.Rows.Destination;
import io.tandem.host.support.SessionFiles;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Path;
import java.sql.Connection;
import io.tandem.schema.rows.DestinationType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projection commits only when the destinations changed (issue 5 bug 9: one commit per wake for nothing). */
class DestinationProjectionTest {
    @TempDir
    Path tmp;

    @Test
    void anUnchangedProjectionWritesNothingAndAChangeWritesOnce() throws Exception {
        SessionFiles files = new SessionFiles(tmp.resolve("data"), "ag-1", "s-1", "http", "demo");
        DestinationProjection projection = new DestinationProjection(files.inbound());
        List<Destination> wanted = List.of(
                new Destination("team", DestinationType.CHANNEL, "mg-1", "Team chat", "http", "team"),
                new Destination("helper", DestinationType.AGENT, "ag-2", "Helper", null, null));
        try (Connection watcher = SqliteOpener.openReadOnly(files.paths().inboundDb())) {
            long v0 = dataVersion(watcher);
            assertThat(projection.project(files.paths(), wanted)).isTrue();
            long v1 = dataVersion(watcher);
            assertThat(v1).as("first projection commits").isNotEqualTo(v0);
            for (int i = 0; i < 3; i++) {
                assertThat(projection.project(files.paths(), wanted)).as("wake %d", i).isFalse();
            }
            assertThat(dataVersion(watcher)).as("unchanged projections commit nothing").isEqualTo(v1);
            assertThat(projection.project(files.paths(), wanted.subList(0, 1))).isTrue();
            assertThat(dataVersion(watcher)).isNotEqualTo(v1);
        }
        assertThat(io.tandem.host.support.DataInspector.rows(files.paths().inboundDb(),
                "SELECT name, type, channel_type, platform_id, agent_group_id IS NULL AS no_agent FROM destinations"))
                .containsExactly(java.util.Map.of("name", "team", "type", "channel", "channel_type", "http",
                        "platform_id", "team", "no_agent", 1));
    }

    private static long dataVersion(Connection c) throws Exception {
        return Sql.longValue(c, "PRAGMA data_version");
    }
}
