package io.tandem.schema.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqlErrors;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CentralMigrationsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T02:47:18Z"), ZoneOffset.UTC);
    private static final String NOW = "2026-11-22T02:47:18.000Z";

    /** Every table of DESIGN §3 with every column it lists. */
    private static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();
    /** Primary-key columns of each table (empty: none declared). */
    private static final Map<String, Set<String>> PRIMARY_KEYS = new LinkedHashMap<>();

    static {
        table("agent_groups", "id", "id", "name", "folder", "created_at");
        table("container_configs", "agent_group_id", "agent_group_id", "runtime", "image", "agent", "env",
                "additional_mounts", "timezone", "max_messages_per_batch", "network", "updated_at");
        table("messaging_groups", "id", "id", "channel_type", "platform_id", "name", "is_group",
                "unknown_sender_policy", "denied_at", "created_at");
        table("messaging_group_agents", "id", "id", "messaging_group_id", "agent_group_id", "engage_mode",
                "engage_pattern", "sender_scope", "ignored_message_policy", "session_mode", "priority", "created_at");
        table("users", "id", "id", "kind", "display_name", "created_at");
        table("user_roles", "", "user_id", "role", "agent_group_id", "granted_by", "granted_at");
        table("agent_group_members", "user_id,agent_group_id", "user_id", "agent_group_id", "added_by", "added_at");
        table("user_dms", "user_id,channel_type", "user_id", "channel_type", "messaging_group_id", "resolved_at");
        table("sessions", "id", "id", "agent_group_id", "messaging_group_id", "thread_id", "status",
                "container_status", "last_active", "created_at");
        table("pending_questions", "question_id", "question_id", "session_id", "message_out_id", "channel_type",
                "platform_id", "thread_id", "title", "options_json", "created_at", "expires_at");
        table("pending_approvals", "approval_id", "approval_id", "session_id", "request_id", "action", "payload",
                "agent_group_id", "channel_type", "platform_id", "platform_message_id", "approver_user_id", "status",
                "title", "options_json", "created_at", "expires_at");
        table("pending_sender_approvals", "id", "id", "messaging_group_id", "agent_group_id", "sender_identity",
                "sender_name", "original_message", "approver_user_id", "title", "options_json", "created_at");
        table("pending_channel_approvals", "messaging_group_id", "messaging_group_id", "agent_group_id",
                "original_message", "approver_user_id", "title", "options_json", "created_at");
        table("agent_destinations", "agent_group_id,local_name", "agent_group_id", "local_name", "target_type",
                "target_id", "created_at");
        table("unregistered_senders", "channel_type,platform_id", "channel_type", "platform_id", "user_id",
                "sender_name", "reason", "messaging_group_id", "agent_group_id", "message_count", "first_seen",
                "last_seen");
        table("chat_sdk_kv", "key", "key", "value", "expires_at");
        table("chat_sdk_subscriptions", "thread_id", "thread_id", "subscribed_at");
        table("chat_sdk_locks", "thread_id", "thread_id", "token", "expires_at");
        table("chat_sdk_lists", "key,idx", "key", "idx", "value", "expires_at");
        table("schema_version", "version", "version", "name", "applied");
    }

    private static void table(String name, String pk, String... columns) {
        COLUMNS.put(name, List.of(columns));
        PRIMARY_KEYS.put(name, pk.isEmpty() ? Set.of() : Set.of(pk.split(",")));
    }

    @TempDir
    Path dir;
    Path central;

    @BeforeEach
    void setUp() {
        central = dir.resolve("central.db");
    }

    @Test
    void aFreshDatabaseGetsEveryKnownMigrationRecordedWithNameAndTime() throws Exception {
        try (Connection c = SqliteOpener.openCentral(central)) {
            List<String> applied = CentralMigrations.apply(c, CLOCK);
            assertThat(applied).containsExactly("001-core", "002-runtimes", "003-incremental-vacuum");
            assertThat(applied).isEqualTo(CentralMigrations.known().stream().map(AppliedMigration::name).toList());
            assertThat(Sql.list(c, "SELECT version, name, applied FROM schema_version ORDER BY version",
                    rs -> new AppliedMigration(rs.getInt(1), rs.getString(2), rs.getString(3))))
                    .containsExactly(new AppliedMigration(1, "001-core", NOW),
                            new AppliedMigration(2, "002-runtimes", NOW),
                            new AppliedMigration(3, "003-incremental-vacuum", NOW));
            assertThat(SqliteOpener.pragma(c, "auto_vacuum")).as("2 = incremental").isEqualTo("2");
        }
    }

    @Test
    void aCentralDatabaseOfTheFirstVersionWithRowsIsVacuumedIntoIncrementalAutoVacuum() throws Exception {
        try (Connection c = SqliteOpener.openCentral(central)) {
            Sql.exec(c, "CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied TEXT NOT NULL)");
            Sql.tx(c, tx -> {
                for (String st : SqlScript.statements(SqlScript.load("central/001-core.sql"))) {
                    Sql.exec(tx, st);
                }
                Sql.update(tx, "INSERT INTO schema_version VALUES (1, '001-core', ?)", NOW);
                Sql.update(tx, "INSERT INTO agent_groups(id, name, folder, created_at) VALUES ('g', 'G', 'g', ?)", NOW);
                return null;
            });
            assertThat(SqliteOpener.pragma(c, "auto_vacuum")).as("0 = none before").isEqualTo("0");
        }
        try (Connection c = SqliteOpener.openCentral(central)) {
            assertThat(CentralMigrations.apply(c, CLOCK)).containsExactly("002-runtimes", "003-incremental-vacuum");
            assertThat(SqliteOpener.pragma(c, "auto_vacuum")).isEqualTo("2");
            assertThat(SqliteOpener.pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(Sql.longValue(c, "SELECT count(*) FROM agent_groups")).as("rows kept").isEqualTo(1);
            assertThat(SqliteOpener.pragma(c, "integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void everyKnownMigrationIsAResourceWhoseNumberIsItsVersion() {
        for (AppliedMigration m : CentralMigrations.known()) {
            assertThat(m.name()).matches("\\d{3}-[a-z0-9-]+");
            assertThat(m.version()).isEqualTo(Integer.parseInt(m.name().substring(0, 3)));
            assertThat(SqlScript.load("central/" + m.name() + ".sql")).isNotBlank();
        }
    }

    @Test
    void everyCentralTableOfTheDesignExistsWithItsColumnsAndPrimaryKey() throws Exception {
        try (Connection c = SqliteOpener.openCentral(central)) {
            CentralMigrations.apply(c, CLOCK);
            Set<String> tables = Set.copyOf(Sql.list(c,
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                    rs -> rs.getString(1)));
            assertThat(tables).containsAll(COLUMNS.keySet());
            for (Map.Entry<String, List<String>> t : COLUMNS.entrySet()) {
                Map<String, Integer> info = tableInfo(c, t.getKey());
                assertThat(info.keySet()).as("columns of %s", t.getKey()).containsAll(t.getValue());
                Set<String> pk = info.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                        .collect(Collectors.toSet());
                assertThat(pk).as("primary key of %s", t.getKey()).isEqualTo(PRIMARY_KEYS.get(t.getKey()));
            }
        }
    }

    @Test
    void foreignKeysPointWhereTheDesignSays() throws Exception {
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("container_configs", Set.of("agent_group_id->agent_groups"));
        expected.put("messaging_group_agents",
                Set.of("messaging_group_id->messaging_groups", "agent_group_id->agent_groups"));
        expected.put("user_roles", Set.of("user_id->users", "agent_group_id->agent_groups", "granted_by->users"));
        expected.put("agent_group_members", Set.of("user_id->users", "agent_group_id->agent_groups"));
        expected.put("user_dms", Set.of("user_id->users", "messaging_group_id->messaging_groups"));
        expected.put("sessions", Set.of("agent_group_id->agent_groups", "messaging_group_id->messaging_groups"));
        expected.put("pending_questions", Set.of("session_id->sessions"));
        expected.put("pending_approvals", Set.of("session_id->sessions"));
        expected.put("pending_sender_approvals",
                Set.of("messaging_group_id->messaging_groups", "agent_group_id->agent_groups"));
        expected.put("pending_channel_approvals", Set.of("messaging_group_id->messaging_groups"));
        expected.put("agent_destinations", Set.of("agent_group_id->agent_groups"));
        try (Connection c = SqliteOpener.openCentral(central)) {
            CentralMigrations.apply(c, CLOCK);
            for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
                Set<String> fks = Set.copyOf(Sql.list(c, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)",
                        rs -> rs.getString(1) + "->" + rs.getString(2), e.getKey()));
                assertThat(fks).as("foreign keys of %s", e.getKey()).containsAll(e.getValue());
            }
        }
    }

    @Test
    void aForeignKeyViolationIsRejectedOnEveryCentralConnection() throws Exception {
        try (Connection c = SqliteOpener.openCentral(central)) {
            CentralMigrations.apply(c, CLOCK);
        }
        try (Connection c = SqliteOpener.openCentral(central)) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> Sql.tx(c, tx -> Sql.update(tx,
                    "INSERT INTO sessions(id, agent_group_id, created_at) VALUES ('s-1', 'ag-missing', ?)", NOW)));
            assertThat((Throwable) e).isNotNull();
            assertThat(SqlErrors.isConstraint(e)).as("isConstraint(%s)", e).isTrue();
            assertThat((Throwable) e).hasMessageContaining("FOREIGN KEY");
            assertThat(Sql.longValue(c, "SELECT count(*) FROM sessions")).isZero();

            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO agent_groups(id, name, folder, created_at) "
                    + "VALUES ('ag-1', 'One', 'one', ?)", NOW));
            Sql.tx(c, tx -> Sql.update(tx,
                    "INSERT INTO sessions(id, agent_group_id, created_at) VALUES ('s-1', 'ag-1', ?)", NOW));
            assertThat(Sql.longValue(c, "SELECT count(*) FROM sessions")).isEqualTo(1);
        }
    }

    @Test
    void constraintsOfTheDesignHoldForRolesAndActiveSessions() throws Exception {
        try (Connection c = SqliteOpener.openCentral(central)) {
            CentralMigrations.apply(c, CLOCK);
            Sql.exec(c, "INSERT INTO agent_groups(id, name, folder, created_at) VALUES ('ag-1', 'One', 'one', 'x')");
            Sql.exec(c, "INSERT INTO users(id, created_at) VALUES ('http:ann', 'x')");
            assertThatThrownBy(() -> Sql.exec(c, "INSERT INTO user_roles(user_id, role, agent_group_id, granted_at) "
                    + "VALUES ('http:ann', 'owner', 'ag-1', 'x')"))
                    .as("owner is always global").satisfies(e -> assertThat(SqlErrors.isConstraint(e)).isTrue());
            Sql.exec(c, "INSERT INTO user_roles(user_id, role, granted_at) VALUES ('http:ann', 'admin', 'x')");
            assertThatThrownBy(() -> Sql.exec(c,
                    "INSERT INTO user_roles(user_id, role, granted_at) VALUES ('http:ann', 'admin', 'x')"))
                    .as("a global role is unique despite the NULL group")
                    .satisfies(e -> assertThat(SqlErrors.isConstraint(e)).isTrue());

            Sql.exec(c, "INSERT INTO sessions(id, agent_group_id, created_at) VALUES ('s-1', 'ag-1', 'x')");
            assertThatThrownBy(() -> Sql.exec(c,
                    "INSERT INTO sessions(id, agent_group_id, created_at) VALUES ('s-2', 'ag-1', 'x')"))
                    .as("one active session per group, chat and thread")
                    .satisfies(e -> assertThat(SqlErrors.isConstraint(e)).isTrue());
            Sql.exec(c, "UPDATE sessions SET status = 'closed' WHERE id = 's-1'");
            Sql.exec(c, "INSERT INTO sessions(id, agent_group_id, created_at) VALUES ('s-2', 'ag-1', 'x')");
            assertThatThrownBy(() -> Sql.exec(c, "UPDATE sessions SET status = 'paused' WHERE id = 's-2'"))
                    .satisfies(e -> assertThat(SqlErrors.isConstraint(e)).isTrue());
        }
    }

    @Test
    void applyingMigrationsTwiceChangesNothing() throws Exception {
        List<String> master;
        List<String> versions;
        try (Connection c = SqliteOpener.openCentral(central)) {
            assertThat(CentralMigrations.apply(c, CLOCK)).isNotEmpty();
            master = sqliteMaster(c);
            versions = schemaVersion(c);
            assertThat(CentralMigrations.apply(c, Clock.systemUTC())).isEmpty();
            assertThat(sqliteMaster(c)).isEqualTo(master);
            assertThat(schemaVersion(c)).isEqualTo(versions);
        }
        try (Connection c = SqliteOpener.openCentral(central)) {
            assertThat(CentralMigrations.apply(c, Clock.systemUTC())).isEmpty();
            assertThat(sqliteMaster(c)).isEqualTo(master);
            assertThat(schemaVersion(c)).isEqualTo(versions);
        }
    }

    @Test
    void aDatabaseHoldingAnUnknownMigrationIsRefusedWithE004NamingIt() throws Exception {
        List<String> master;
        try (Connection c = SqliteOpener.openCentral(central)) {
            CentralMigrations.apply(c, CLOCK);
            Sql.exec(c, "INSERT INTO schema_version(version, name, applied) VALUES (999, '999-future', '" + NOW + "')");
            master = sqliteMaster(c);
        }
        try (Connection c = SqliteOpener.openCentral(central)) {
            TandemException e = catchThrowableOfType(TandemException.class, () -> CentralMigrations.apply(c, CLOCK));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo("TANDEM-E004").isEqualTo(CentralMigrations.UNKNOWN_MIGRATION);
            assertThat(e.exitCode()).isEqualTo(4);
            assertThat(e).hasMessageStartingWith("TANDEM-E004").hasMessageContaining("999-future")
                    .hasMessageNotContaining("001-core");
            assertThat(sqliteMaster(c)).isEqualTo(master);
        }
    }

    @Test
    void aKnownVersionNumberUnderAnotherNameIsAnUnknownMigration() throws Exception {
        try (Connection c = SqliteOpener.openCentral(central)) {
            Sql.exec(c, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                    + "applied TEXT NOT NULL)");
            Sql.exec(c, "INSERT INTO schema_version VALUES (1, '001-other', '" + NOW + "')");
            TandemException e = catchThrowableOfType(TandemException.class, () -> CentralMigrations.apply(c, CLOCK));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo("TANDEM-E004");
            assertThat(e).hasMessageContaining("001-other");
            assertThat(Sql.longValue(c, "SELECT count(*) FROM sqlite_master WHERE name = 'agent_groups'")).isZero();
        }
    }

    private static Map<String, Integer> tableInfo(Connection c, String table) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String[] row : Sql.list(c, "SELECT name, pk FROM pragma_table_info(?)",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, table)) {
            out.put(row[0], Integer.parseInt(row[1]));
        }
        return out;
    }

    static List<String> sqliteMaster(Connection c) throws SQLException {
        return Sql.list(c, "SELECT type || '|' || name || '|' || tbl_name || '|' || ifnull(sql, '') "
                + "FROM sqlite_master ORDER BY type, name", rs -> rs.getString(1));
    }

    private static List<String> schemaVersion(Connection c) throws SQLException {
        return Sql.list(c, "SELECT version || '|' || name || '|' || applied FROM schema_version ORDER BY version",
                rs -> rs.getString(1));
    }

    @Test
    void runtimesMigrationMakesProcessTheDefaultAndKeepsEveryOtherSetting() throws Exception {
        try (Connection c = SqliteOpener.openCentral(central)) {
            Sql.exec(c, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                    + "applied TEXT NOT NULL)");
            for (String st : SqlScript.statements(SqlScript.load("central/001-core.sql"))) {
                Sql.exec(c, st);
            }
            Sql.update(c, "INSERT INTO schema_version(version, name, applied) VALUES (1, '001-core', ?)", NOW);
            Sql.update(c, "INSERT INTO agent_groups(id, name, folder, created_at) VALUES ('g', 'G', 'g', ?)", NOW);
            Sql.update(c, "INSERT INTO container_configs(agent_group_id, runtime, agent, timezone, "
                    + "max_messages_per_batch, updated_at) VALUES ('g', 'process', '{\"kind\":\"echo\"}', "
                    + "'Europe/Berlin', 3, ?)", NOW);

            assertThat(CentralMigrations.apply(c, CLOCK)).containsExactly("002-runtimes", "003-incremental-vacuum");
            assertThat(Sql.one(c, "SELECT runtime, agent, timezone, max_messages_per_batch, network, updated_at "
                            + "FROM container_configs WHERE agent_group_id = 'g'",
                    rs -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getInt(5), rs.getString(6)))).contains(java.util.Arrays.asList(null,
                    "{\"kind\":\"echo\"}", "Europe/Berlin", 3, 0, NOW));
            assertThatThrownBy(() -> Sql.update(c, "UPDATE container_configs SET runtime = 'podman'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("CHECK");
            Sql.exec(c, "DELETE FROM agent_groups WHERE id = 'g'");
            assertThat(Sql.longValue(c, "SELECT count(*) FROM container_configs")).as("cascade kept").isZero();
        }
    }
}
