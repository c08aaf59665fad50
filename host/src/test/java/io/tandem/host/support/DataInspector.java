package io.tandem.host.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Reads a data folder the way an operator would: read-only opens, short reads, safe while a host
 * runs. Rows come back as column maps so tests read like the contract's table descriptions.
 */
public final class DataInspector {
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
    private final Path data;

    public DataInspector(Path data) {
        this.data = data;
    }

    public List<Map<String, Object>> central(String sql, Object... args) throws SQLException {
        return rows(data.resolve("central.db"), sql, args);
    }

    public List<Map<String, Object>> inbound(SessionPaths s, String sql, Object... args) throws SQLException {
        return rows(s.inboundDb(), sql, args);
    }

    public List<Map<String, Object>> outbound(SessionPaths s, String sql, Object... args) throws SQLException {
        return Files.exists(s.outboundDb()) ? rows(s.outboundDb(), sql, args) : List.of();
    }

    public SessionPaths onlySession() throws SQLException {
        List<Map<String, Object>> s = central("SELECT id, agent_group_id FROM sessions");
        assertThat(s).hasSize(1);
        return SessionPaths.of(data, (String) s.get(0).get("agent_group_id"), (String) s.get(0).get("id"));
    }

    public static List<Map<String, Object>> rows(Path db, String sql, Object... args) throws SQLException {
        try (Connection c = SqliteOpener.openReadOnly(db)) {
            return Sql.list(c, sql, DataInspector::row, args);
        }
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            m.put(md.getColumnLabel(i), rs.getObject(i));
        }
        return m;
    }

    /** Every timestamp column of every file holds the contract format (zero fractions included). */
    public void assertTimestampsMatchContract() throws SQLException, IOException {
        checkColumns(data.resolve("central.db"), Map.of(
                "agent_groups", List.of("created_at"), "messaging_groups", List.of("created_at"),
                "messaging_group_agents", List.of("created_at"), "sessions", List.of("created_at", "last_active"),
                "users", List.of("created_at"), "unregistered_senders", List.of("first_seen", "last_seen"),
                "chat_sdk_lists", List.of("expires_at"), "schema_version", List.of("applied"),
                "container_configs", List.of("updated_at")));
        try (var groups = Files.newDirectoryStream(data.resolve("sessions"))) {
            for (Path g : groups) {
                try (var sessions = Files.newDirectoryStream(g)) {
                    for (Path s : sessions) {
                        SessionPaths p = new SessionPaths(s);
                        checkColumns(p.inboundDb(), Map.of("messages_in", List.of("timestamp", "process_after"),
                                "delivered", List.of("delivered_at"), "delivery_attempts", List.of("next_attempt_at")));
                        if (Files.exists(p.outboundDb())) {
                            checkColumns(p.outboundDb(), Map.of("messages_out", List.of("timestamp", "deliver_after"),
                                    "processing_ack", List.of("status_changed"), "session_state", List.of("updated_at"),
                                    "container_state", List.of("updated_at", "batch_started_at")));
                        }
                    }
                }
            }
        }
    }

    private static void checkColumns(Path db, Map<String, List<String>> columns) throws SQLException {
        for (var e : columns.entrySet()) {
            for (String col : e.getValue()) {
                for (Map<String, Object> r : rows(db, "SELECT " + col + " AS v FROM " + e.getKey()
                        + " WHERE " + col + " IS NOT NULL")) {
                    assertThat(String.valueOf(r.get("v"))).as("%s %s.%s", db.getFileName(), e.getKey(), col)
                            .matches(TIMESTAMP);
                }
            }
        }
    }

    /** Runs ../shared/tools/tandem-check when this checkout has it; returns its output. */
    public String runTandemCheck() throws IOException, InterruptedException {
        Path check = JavaProcesses.tandemCheck();
        assertThat(check).as("tandem-check location").isNotNull();
        assertThat(Files.isRegularFile(check)).as("tandem-check present at %s", check).isTrue();
        Process p = new ProcessBuilder("python3", check.toString(), data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tandem-check output:\n%s", out).isZero();
        return out;
    }

    public static List<Object> column(List<Map<String, Object>> rows, String name) {
        List<Object> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(name)));
        return out;
    }
}
