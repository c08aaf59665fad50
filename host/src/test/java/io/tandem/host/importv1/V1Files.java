package io.tandem.host.importv1;

import io.tandem.schema.db.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Builds v1 {@code messages.db} files for tests from {@code importv1/v1-schema.sql} (the v1 tables
 * transcribed from seed 003), with plain JDBC, as the v1 system would have left them.
 */
final class V1Files {
    /** The Telegram group chat registered with a trigger (folder {@code family}). */
    static final String FAMILY_JID = "tg:-1009001";
    static final long FAMILY_CHAT = -1009001L;
    /** The WhatsApp DM of the main group (no trigger needed). */
    static final String MAIN_JID = "4915550001@s.whatsapp.net";
    /** A WhatsApp group v1 saw but never registered. */
    static final String CLUB_JID = "120363000@g.us";

    private V1Files() {
    }

    static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static void schema(Connection c) throws IOException, SQLException {
        try (InputStream in = V1Files.class.getResourceAsStream("/importv1/v1-schema.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String stmt : sql.split(";")) {
                if (!stmt.isBlank()) {
                    Sql.exec(c, stmt);
                }
            }
        }
    }

    /**
     * A typical v1 file: four chats (one v1 bookkeeping row), two registered groups (family with
     * the trigger {@code @Andy}, main without one), main's agent session, three tasks (once in the
     * future, weekly cron, paused half-hourly cron) and 20 messages (10 family, 8 main, 2 in the
     * unregistered club), written out of time order.
     */
    static Path typical(Path file) throws IOException, SQLException {
        try (Connection c = open(file)) {
            schema(c);
            Sql.update(c, "INSERT INTO chats(jid, name, last_message_time, channel, is_group) VALUES "
                    + "(?, 'Family', '2024-05-01T10:09:00.000Z', 'telegram', 1), "
                    + "(?, 'Ann', '2024-05-02T08:07:00.000Z', 'whatsapp', 0), "
                    + "(?, 'Club', '2024-05-03T08:00:00.000Z', NULL, NULL), "
                    + "('__group_sync__', '__group_sync__', '2024-05-03T09:00:00.000Z', NULL, 0)",
                    FAMILY_JID, MAIN_JID, CLUB_JID);
            Sql.update(c, "INSERT INTO registered_groups(jid, name, folder, trigger_pattern, added_at, container_config, "
                    + "requires_trigger, is_main) VALUES "
                    + "(?, 'Family', 'family', '@Andy', '2024-04-01T00:00:00.000Z', '{\"timeout\":300000}', 1, 0), "
                    + "(?, 'Main', 'main', '@Andy', '2024-04-01T00:00:00.000Z', NULL, 0, 1)", FAMILY_JID, MAIN_JID);
            Sql.update(c, "INSERT INTO sessions(group_folder, session_id) VALUES ('main', 'claude-session-abc')");
            Sql.update(c, "INSERT INTO scheduled_tasks(id, group_folder, chat_jid, prompt, schedule_type, schedule_value, "
                    + "next_run, status, created_at) VALUES "
                    + "('task-once', 'main', ?, 'remind Ann of the dentist', 'once', '2099-01-01T09:00:00', "
                    + "'2099-01-01T09:00:00.000Z', 'active', '2024-05-01T00:00:00.000Z'), "
                    + "('task-cron', 'family', ?, 'weekly summary', 'cron', '0 9 * * 1', "
                    + "'2024-05-06T09:00:00.000Z', 'active', '2024-05-01T00:00:00.000Z'), "
                    + "('task-paused', 'main', ?, 'check the feeds', 'cron', '*/30 * * * *', "
                    + "'2024-05-01T10:30:00.000Z', 'paused', '2024-05-01T00:00:00.000Z')",
                    MAIN_JID, FAMILY_JID, MAIN_JID);
            // family: ids f1..f10 at 10:00:0N, inserted backwards so file order is not time order
            for (int i = 10; i >= 1; i--) {
                boolean bot = i % 3 == 0;
                Sql.update(c, "INSERT INTO messages(id, chat_jid, sender, sender_name, content, timestamp, is_from_me, "
                                + "is_bot_message, reply_to_message_id, reply_to_message_content, reply_to_sender_name) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        "f" + i, FAMILY_JID, bot ? "7000001" : "50" + i, bot ? "Andy" : "Member " + i,
                        bot ? "Andy: answer " + i : (i % 2 == 0 ? "@Andy question " + i : "chat " + i),
                        String.format("2024-05-01T10:%02d:00.000Z", i - 1), bot ? 1 : 0, bot ? 1 : 0,
                        i == 5 ? "f4" : null, i == 5 ? "@Andy question 4" : null, i == 5 ? "Member 4" : null);
            }
            for (int i = 1; i <= 8; i++) {
                Sql.update(c, "INSERT INTO messages(id, chat_jid, sender, sender_name, content, timestamp, is_from_me) "
                                + "VALUES (?, ?, ?, 'Ann', ?, ?, 0)", "WA" + (100 + i), MAIN_JID, MAIN_JID,
                        "main message " + i, String.format("2024-05-02T08:%02d:00.000Z", 8 - i));
            }
            for (int i = 1; i <= 2; i++) {
                Sql.update(c, "INSERT INTO messages(id, chat_jid, sender, sender_name, content, timestamp, is_from_me) "
                        + "VALUES (?, ?, 'x@s.whatsapp.net', 'X', 'club talk', '2024-05-03T08:00:00.000Z', 0)",
                        "C" + i, CLUB_JID);
            }
        }
        return file;
    }
}
