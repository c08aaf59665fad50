package io.tandem.host.importv1;

import io.tandem.schema.TandemException;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a v1 {@code messages.db} whole, through a {@code mode=ro} connection, so the file is never
 * created, changed or left with a journal. A file that lacks a table or a core column of the v1
 * schema is refused before anything is read, naming every missing piece (exit 2). Columns that v1
 * added later by silent {@code ALTER TABLE} (channel, is_group, is_bot_message, reply_to_*,
 * is_main) are read as null when absent, so older v1 files import too.
 */
public final class V1Database {
    /** Usage or input error: the file given is not a v1 database. */
    public static final String NOT_V1 = "TANDEM-E020";
    public static final int NOT_V1_EXIT = 2;

    /** Tables and the columns this import cannot do without. */
    static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("chats", List.of("jid", "name"));
        REQUIRED.put("messages", List.of("id", "chat_jid", "sender", "sender_name", "content", "timestamp"));
        REQUIRED.put("registered_groups", List.of("jid", "name", "folder", "trigger_pattern"));
        REQUIRED.put("sessions", List.of("group_folder", "session_id"));
        REQUIRED.put("scheduled_tasks", List.of("id", "group_folder", "chat_jid", "prompt", "schedule_type",
                "schedule_value", "next_run", "status"));
    }

    private V1Database() {
    }

    public static V1Rows.Snapshot read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TandemException(NOT_V1, NOT_V1_EXIT, "no v1 database at " + file);
        }
        try (Connection c = SqliteOpener.openReadOnly(file)) {
            Map<String, Set<String>> columns = new LinkedHashMap<>();
            for (String table : REQUIRED.keySet()) {
                columns.put(table, columns(c, table));
            }
            List<String> missing = new ArrayList<>();
            REQUIRED.forEach((table, cols) -> {
                if (columns.get(table).isEmpty()) {
                    missing.add("table " + table);
                } else {
                    cols.stream().filter(col -> !columns.get(table).contains(col))
                            .forEach(col -> missing.add("column " + table + "." + col));
                }
            });
            if (!missing.isEmpty()) {
                throw new TandemException(NOT_V1, NOT_V1_EXIT, file + " is not a v1 database: missing "
                        + String.join(", ", missing));
            }
            return new V1Rows.Snapshot(chats(c, columns.get("chats")), groups(c, columns.get("registered_groups")),
                    Sql.list(c, "SELECT group_folder, session_id FROM sessions ORDER BY group_folder",
                            rs -> new V1Rows.Session(rs.getString(1), rs.getString(2))),
                    Sql.list(c, "SELECT id, group_folder, chat_jid, prompt, schedule_type, schedule_value, next_run, "
                            + "status FROM scheduled_tasks ORDER BY id", rs -> new V1Rows.Task(rs.getString(1),
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8))),
                    messages(c, columns.get("messages")));
        } catch (SQLException e) {
            throw new TandemException(NOT_V1, NOT_V1_EXIT, file + " cannot be read as a v1 database: "
                    + e.getMessage(), e);
        }
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        return new TreeSet<>(Sql.list(c, "SELECT name FROM pragma_table_info(?)", rs -> rs.getString(1), table));
    }

    /** The column, or NULL under its name when this v1 file predates it. */
    private static String opt(Set<String> have, String column) {
        return have.contains(column) ? column : "NULL AS " + column;
    }

    private static Boolean bool(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        return v == null ? null : rs.getInt(i) != 0;
    }

    private static List<V1Rows.Chat> chats(Connection c, Set<String> have) throws SQLException {
        return Sql.list(c, "SELECT jid, name, " + opt(have, "channel") + ", " + opt(have, "is_group")
                        + " FROM chats ORDER BY jid",
                rs -> new V1Rows.Chat(rs.getString(1), rs.getString(2), rs.getString(3), bool(rs, 4)));
    }

    private static List<V1Rows.Group> groups(Connection c, Set<String> have) throws SQLException {
        return Sql.list(c, "SELECT jid, name, folder, trigger_pattern, " + opt(have, "requires_trigger") + ", "
                        + opt(have, "is_main") + ", " + opt(have, "container_config")
                        + " FROM registered_groups ORDER BY folder, jid",
                rs -> new V1Rows.Group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        !Boolean.FALSE.equals(bool(rs, 5)), Boolean.TRUE.equals(bool(rs, 6)), rs.getString(7)));
    }

    private static List<V1Rows.Message> messages(Connection c, Set<String> have) throws SQLException {
        return Sql.list(c, "SELECT id, chat_jid, sender, sender_name, content, timestamp, " + opt(have, "is_from_me")
                        + ", " + opt(have, "is_bot_message") + ", " + opt(have, "reply_to_message_id") + ", "
                        + opt(have, "reply_to_message_content") + ", " + opt(have, "reply_to_sender_name")
                        + " FROM messages ORDER BY chat_jid, timestamp, id",
                rs -> new V1Rows.Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Boolean.TRUE.equals(bool(rs, 7)),
                        Boolean.TRUE.equals(bool(rs, 8)), rs.getString(9), rs.getString(10), rs.getString(11)));
    }
}
