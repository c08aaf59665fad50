package io.tandem.schema.migrate;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies the numbered central migrations ({@code central/NNN-name.sql}, listed in
 * {@code central/migrations.txt}) once each, each in its own transaction, recorded in
 * {@code schema_version}. A database that holds a migration this build does not know was written
 * by a newer Tandem: refusing to start ({@code TANDEM-E004}, exit 4) is the only safe answer.
 */
public final class CentralMigrations {
    public static final String UNKNOWN_MIGRATION = "TANDEM-E004";
    public static final int UNKNOWN_MIGRATION_EXIT = 4;

    private CentralMigrations() {
    }

    /**
     * A migration file that starts with this line runs its statements outside any transaction
     * ({@code PRAGMA auto_vacuum} followed by {@code VACUUM} cannot run inside one). Such a
     * migration must be idempotent: a crash before it is recorded runs it again at the next start.
     */
    public static final String OUTSIDE_TRANSACTION = "-- tandem: outside-transaction";

    /** The migrations this build knows, in order. */
    public static List<AppliedMigration> known() {
        List<AppliedMigration> out = new ArrayList<>();
        for (String line : SqlScript.load("central/migrations.txt").split("\n")) {
            String stem = line.strip();
            if (stem.isEmpty() || stem.startsWith("#")) {
                continue;
            }
            int dash = stem.indexOf('-');
            out.add(new AppliedMigration(Integer.parseInt(stem.substring(0, dash)), stem, null));
        }
        return out;
    }

    /** Applies what is missing; returns the names applied now (empty when up to date). */
    public static List<String> apply(Connection c, Clock clock) throws SQLException {
        Sql.exec(c, "CREATE TABLE IF NOT EXISTS schema_version ("
                + "version INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied TEXT NOT NULL)");
        List<AppliedMigration> known = known();
        List<AppliedMigration> applied = Sql.list(c, "SELECT version, name, applied FROM schema_version ORDER BY version",
                rs -> new AppliedMigration(rs.getInt(1), rs.getString(2), rs.getString(3)));
        List<AppliedMigration> unknown = applied.stream()
                .filter(a -> known.stream().noneMatch(k -> k.version() == a.version() && k.name().equals(a.name())))
                .toList();
        if (!unknown.isEmpty()) {
            throw new TandemException(UNKNOWN_MIGRATION, UNKNOWN_MIGRATION_EXIT,
                    "central.db holds migrations this Tandem does not know: "
                            + unknown.stream().map(AppliedMigration::name).collect(Collectors.joining(", "))
                            + " (written by a newer version; upgrade Tandem or restore a backup)");
        }
        List<String> now = new ArrayList<>();
        for (AppliedMigration m : known) {
            boolean done = applied.stream().anyMatch(a -> a.version() == m.version());
            if (done) {
                continue;
            }
            String script = SqlScript.load("central/" + m.name() + ".sql");
            List<String> statements = SqlScript.statements(script);
            if (script.startsWith(OUTSIDE_TRANSACTION)) {
                applyOutsideTransaction(c, m, statements, clock);
                now.add(m.name());
                continue;
            }
            Sql.tx(c, tx -> {
                if (Sql.longValue(tx, "SELECT count(*) FROM schema_version WHERE version = ?", m.version()) > 0) {
                    return null;
                }
                for (String s : statements) {
                    Sql.exec(tx, s);
                }
                Sql.update(tx, "INSERT INTO schema_version(version, name, applied) VALUES (?, ?, ?)",
                        m.version(), m.name(), Timestamps.now(clock));
                return null;
            });
            now.add(m.name());
        }
        return now;
    }

    private static void applyOutsideTransaction(Connection c, AppliedMigration m, List<String> statements,
                                                Clock clock) throws SQLException {
        for (String s : statements) {
            Sql.exec(c, s);
        }
        Sql.update(c, "INSERT OR IGNORE INTO schema_version(version, name, applied) VALUES (?, ?, ?)",
                m.version(), m.name(), Timestamps.now(clock));
    }
}
