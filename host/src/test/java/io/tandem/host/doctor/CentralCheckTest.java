package io.tandem.host.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralDb;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central check on a real, migrated central.db: clean, then an unknown migration and a dangling row. */
class CentralCheckTest {
    @TempDir
    Path data;

    private List<Finding> central() {
        return Doctor.standard().run(data, Clock.systemUTC(), Optional.of(Duration.ofSeconds(30))).stream()
                .filter(f -> f.check().equals(CentralCheck.NAME)).toList();
    }

    @Test
    void aMigratedCentralPassesAndANewerMigrationOrADanglingRowIsAnError() throws Exception {
        CentralDb.open(data.resolve("central.db"), Clock.systemUTC()).close();
        assertThat(central()).extracting(Finding::severity).containsOnly(Severity.OK);

        try (Connection c = SqliteOpener.openCentral(data.resolve("central.db"))) {
            Sql.exec(c, "PRAGMA foreign_keys=OFF");
            Sql.update(c, "INSERT INTO schema_version(version, name, applied) VALUES (999, '999-future', "
                    + "'2026-12-02T00:00:00.000Z')");
            Sql.update(c, "INSERT INTO sessions(id, agent_group_id, status, container_status, created_at) VALUES "
                    + "('s-dangling', 'ag-gone', 'active', 'stopped', '2026-12-02T00:00:00.000Z')");
        }
        List<Finding> found = central();
        assertThat(found).filteredOn(f -> f.severity() == Severity.ERROR).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("999-future", "newer version"))
                .anySatisfy(m -> assertThat(m).startsWith("foreign_key_check").contains("sessions"));
        assertThat(Files.exists(data.resolve("central.db-shm"))).as("no -shm left by the doctor").isFalse();
    }
}
