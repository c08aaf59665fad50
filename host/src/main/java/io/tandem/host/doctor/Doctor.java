package io.tandem.host.doctor;

import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.rows.WireValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the doctor's checks in order over one data folder and collects their findings. Read-only:
 * the checks open SQLite files {@code mode=ro} and never create anything, so it is safe while a
 * host runs. The check list is the extension point: a new check is one more {@link DoctorCheck}.
 */
public final class Doctor {
    private final List<DoctorCheck> checks;

    public Doctor(List<DoctorCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The checks of {@code tandem doctor}, in the order they are reported. */
    public static Doctor standard() {
        return new Doctor(List.of(new HostCheck(), new CentralCheck(), new FoldersCheck(), new SessionFilesCheck(),
                new HeartbeatCheck(), new DiskCheck(), new PermissionsCheck()));
    }

    public List<Finding> run(Path dataDir, Clock clock, Optional<Duration> heartbeatStale) {
        if (!Files.isDirectory(dataDir)) {
            return List.of(Finding.error("data", dataDir.toString(), "no such folder",
                    "pass --data with the data folder (default ./data; env TANDEM_DATA_DIR)"));
        }
        DoctorContext ctx = new DoctorContext(dataDir, clock, heartbeatStale, HostProbe.probe(dataDir),
                sessions(dataDir));
        List<Finding> all = new ArrayList<>();
        for (DoctorCheck c : checks) {
            try {
                all.addAll(c.run(ctx));
            } catch (RuntimeException e) {
                all.add(Finding.error(c.name(), ".", "the check failed: " + e, "report this as a bug"));
            }
        }
        return all;
    }

    /** Central's sessions, read once; empty when central cannot be read (its check says why). */
    static Optional<List<SessionRow>> sessions(Path dataDir) {
        Path db = dataDir.resolve("central.db");
        if (!Files.isRegularFile(db)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SqliteFiles.lookCentral(db, c -> Sql.list(c,
                    "SELECT id, agent_group_id, status FROM sessions ORDER BY agent_group_id, id",
                    rs -> new SessionRow(rs.getString(1), rs.getString(2),
                            WireValue.parse(SessionStatus.class, rs.getString(3))))));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
