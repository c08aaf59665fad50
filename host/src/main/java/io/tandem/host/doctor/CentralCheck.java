package io.tandem.host.doctor;

import io.tandem.schema.db.Sql;
import io.tandem.schema.migrate.AppliedMigration;
import io.tandem.schema.migrate.CentralMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code central.db}: {@code PRAGMA integrity_check} and {@code foreign_key_check}, journal mode
 * WAL, and {@code schema_version} against the migrations this build knows: a newer, unknown one
 * is an error (the host refuses to start, {@code TANDEM-E004}); a known one not yet applied is a
 * warning (the next host start applies it).
 */
final class CentralCheck implements DoctorCheck {
    static final String NAME = "central";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> run(DoctorContext ctx) {
        Path db = ctx.dataDir().resolve("central.db");
        List<Finding> out = new ArrayList<>();
        if (!Files.isRegularFile(db)) {
            out.add(Finding.error(NAME, "central.db", "missing (not a Tandem data folder?)",
                    "run tandem init, or pass --data with the right folder"));
            return out;
        }
        try {
            SqliteFiles.lookCentral(db, c -> {
                List<String> integrity = SqliteFiles.column(c, "PRAGMA integrity_check", 10);
                if (SqliteFiles.isOk(integrity)) {
                    out.add(Finding.ok(NAME, "central.db", "integrity_check ok"));
                } else {
                    out.add(Finding.error(NAME, "central.db", "integrity_check: " + String.join("; ", integrity),
                            "stop the host and restore central.db from a backup (tandem restore)"));
                }
                List<String> fks = SqliteFiles.column(c, "PRAGMA foreign_key_check", 10);
                if (fks.isEmpty()) {
                    out.add(Finding.ok(NAME, "central.db", "foreign_key_check ok"));
                } else {
                    out.add(Finding.error(NAME, "central.db", "foreign_key_check: rows in " + String.join(", ", fks)
                            + " point at missing rows", "inspect with: sqlite3 central.db 'PRAGMA foreign_key_check'"));
                }
                String mode = Files.exists(db.resolveSibling("central.db-wal"))
                        ? SqliteFiles.column(c, "PRAGMA journal_mode", 1).get(0) : headerMode(db);
                if ("wal".equalsIgnoreCase(mode)) {
                    out.add(Finding.ok(NAME, "central.db", "journal_mode wal"));
                } else {
                    out.add(Finding.warn(NAME, "central.db", "journal_mode is " + mode + ", not wal",
                            "start the host once (it sets WAL on every connection)"));
                }
                versions(c, out);
                return null;
            });
        } catch (SQLException e) {
            if (SqliteFiles.corrupt(e)) {
                out.add(Finding.error(NAME, "central.db", "not a readable database: " + e.getMessage(),
                        "stop the host and restore central.db from a backup (tandem restore)"));
            } else {
                out.add(Finding.error(NAME, "central.db", "cannot be read: " + e.getMessage(),
                        "check the file's owner and permissions; retry if a host was mid-checkpoint"));
            }
        }
        return out;
    }

    /**
     * The journal mode the file's header records (bytes 18 and 19 are 2 in WAL mode): an immutable
     * open, used while no host has the file open, always answers {@code delete}. This process holds
     * no lock on central.db, so reading it through Java I/O drops none.
     */
    private static String headerMode(Path db) {
        try (var ch = Files.newByteChannel(db)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read the first 20 bytes of the header
            }
            return b.position() == 20 && b.get(18) == 2 && b.get(19) == 2 ? "wal" : "delete";
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void versions(java.sql.Connection c, List<Finding> out) throws SQLException {
        if (Sql.longValue(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") == 0) {
            out.add(Finding.error(NAME, "central.db", "no schema_version table",
                    "this is not a Tandem central.db; check --data"));
            return;
        }
        List<AppliedMigration> known = CentralMigrations.known();
        List<AppliedMigration> applied = Sql.list(c, "SELECT version, name, applied FROM schema_version ORDER BY version",
                rs -> new AppliedMigration(rs.getInt(1), rs.getString(2), rs.getString(3)));
        List<String> unknown = applied.stream()
                .filter(a -> known.stream().noneMatch(k -> k.version() == a.version() && k.name().equals(a.name())))
                .map(AppliedMigration::name).toList();
        List<String> pending = known.stream()
                .filter(k -> applied.stream().noneMatch(a -> a.version() == k.version()))
                .map(AppliedMigration::name).toList();
        if (!unknown.isEmpty()) {
            out.add(Finding.error(NAME, "central.db", "schema_version holds migrations this Tandem does not know: "
                    + String.join(", ", unknown) + " (written by a newer version)",
                    "upgrade Tandem, or restore a backup taken before the newer version ran"));
        } else if (!pending.isEmpty()) {
            out.add(Finding.warn(NAME, "central.db", "migrations not yet applied: " + String.join(", ", pending),
                    "start the host (tandem up) to apply them"));
        } else {
            out.add(Finding.ok(NAME, "central.db", "schema_version matches this build ("
                    + known.get(known.size() - 1).name() + ")"));
        }
    }
}
