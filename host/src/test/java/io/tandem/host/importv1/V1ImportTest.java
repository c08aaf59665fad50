package io.tandem.host.importv1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataInspector;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem import-v1} against a v1 file built from the transcribed v1 schema, in real files. */
class V1ImportTest {
    @TempDir
    Path tmp;

    private Cli.Result importV1(Path v1, Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("import-v1", v1.toString(), "--data", data.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode kind(Cli.Result r, String kind) {
        return r.json().path("kinds").path(kind);
    }

    @Test
    void importsChatsGroupsWiringsSessionsTasksAndHistory() throws Exception {
        Path v1 = V1Files.typical(tmp.resolve("messages.db"));
        String v1Hash = sha256(v1);
        Path data = tmp.resolve("data");
        Instant before = Instant.now();
        Cli.Result r = importV1(v1, data, "--json");
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(kind(r, "chats").path("imported").asInt()).isEqualTo(3);
        assertThat(kind(r, "chats").path("skips").get(0).path("item").asText()).isEqualTo("__group_sync__");
        assertThat(kind(r, "groups").path("imported").asInt()).isEqualTo(2);
        assertThat(kind(r, "wirings").path("imported").asInt()).isEqualTo(2);
        assertThat(kind(r, "sessions").path("imported").asInt()).isEqualTo(2);
        assertThat(kind(r, "tasks").path("imported").asInt()).isEqualTo(3);
        assertThat(kind(r, "messages").path("imported").asInt()).isEqualTo(18);
        assertThat(kind(r, "messages").path("skipped").asInt()).as("the unregistered club's two").isEqualTo(2);
        assertThat(sha256(v1)).as("the v1 file is never modified").isEqualTo(v1Hash);
        assertThat(Files.exists(tmp.resolve("messages.db-journal"))).isFalse();

        DataInspector db = new DataInspector(data);
        assertThat(db.central("SELECT channel_type, platform_id, name, is_group, unknown_sender_policy "
                + "FROM messaging_groups ORDER BY channel_type, platform_id")).containsExactly(
                Map.of("channel_type", "telegram", "platform_id", "-1009001", "name", "Family", "is_group", 1,
                        "unknown_sender_policy", "public"),
                Map.of("channel_type", "whatsapp", "platform_id", V1Files.CLUB_JID, "name", "Club", "is_group", 1,
                        "unknown_sender_policy", "strict"),
                Map.of("channel_type", "whatsapp", "platform_id", V1Files.MAIN_JID, "name", "Ann", "is_group", 0,
                        "unknown_sender_policy", "public"));
        assertThat(db.central("SELECT g.id, g.name, g.folder, json_extract(c.agent, '$.kind') AS agent "
                + "FROM agent_groups g JOIN container_configs c ON c.agent_group_id = g.id ORDER BY g.id"))
                .containsExactly(Map.of("id", "family", "name", "Family", "folder", "family", "agent", "echo"),
                        Map.of("id", "main", "name", "Main", "folder", "main", "agent", "echo"));
        assertThat(Files.isDirectory(data.resolve("groups/family"))).isTrue();
        List<Map<String, Object>> wirings = db.central("SELECT w.agent_group_id, w.engage_mode, w.engage_pattern, "
                + "w.ignored_message_policy, w.session_mode, m.platform_id FROM messaging_group_agents w "
                + "JOIN messaging_groups m ON m.id = w.messaging_group_id ORDER BY w.agent_group_id");
        assertThat(wirings).containsExactly(
                Map.of("agent_group_id", "family", "engage_mode", "pattern", "engage_pattern", "(?i)^\\s*\\Q@Andy\\E(?!\\w)",
                        "ignored_message_policy", "accumulate", "session_mode", "shared", "platform_id", "-1009001"),
                Map.of("agent_group_id", "main", "engage_mode", "pattern", "engage_pattern", ".",
                        "ignored_message_policy", "drop", "session_mode", "shared", "platform_id", V1Files.MAIN_JID));
        assertThat(java.util.regex.Pattern.compile((String) wirings.get(0).get("engage_pattern"))
                .matcher("  @andy what's up").find()).isTrue();
        assertThat(java.util.regex.Pattern.compile((String) wirings.get(0).get("engage_pattern"))
                .matcher("@Andyx hi").find()).isFalse();

        SessionPaths family = session(db, data, "family");
        List<Map<String, Object>> history = db.inbound(family, "SELECT seq, status, trigger, kind, timestamp, "
                + "platform_message_id, channel_type, platform_id, content FROM messages_in WHERE kind = 'chat' ORDER BY seq");
        assertThat(history).hasSize(10);
        assertThat(history).extracting(m -> m.get("platform_message_id"))
                .as("in v1 time order").containsExactly("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10");
        long last = 0;
        for (Map<String, Object> m : history) {
            long seq = ((Number) m.get("seq")).longValue();
            assertThat(seq % 2).isZero();
            assertThat(seq).isGreaterThan(last);
            last = seq;
            assertThat(m).containsEntry("status", "completed").containsEntry("trigger", 0)
                    .containsEntry("channel_type", "telegram").containsEntry("platform_id", "-1009001");
        }
        assertThat(history.get(0).get("timestamp")).isEqualTo("2024-05-01T10:00:00.000Z");
        JsonNode f5 = Json.parse((String) history.get(4).get("content"));
        assertThat(f5.path("text").asText()).isEqualTo("chat 5");
        assertThat(f5.path("sender").path("id").asText()).isEqualTo("505");
        assertThat(f5.path("sender").path("name").asText()).isEqualTo("Member 5");
        assertThat(f5.path("reply_to").asText()).isEqualTo("f4");
        assertThat(Json.parse((String) history.get(2).get("content")).path("sender").path("is_bot").asBoolean())
                .isTrue();
        assertThat(db.inbound(family, "SELECT channel_type, platform_id, thread_id FROM session_routing"))
                .containsExactly(nullable("channel_type", "telegram", "platform_id", "-1009001", "thread_id", null));

        List<Map<String, Object>> familyTasks = db.inbound(family, "SELECT id, series_id, status, recurrence, "
                + "process_after, json_extract(content, '$.prompt') AS prompt FROM messages_in WHERE kind = 'task'");
        assertThat(familyTasks).hasSize(1);
        Map<String, Object> cron = familyTasks.get(0);
        assertThat(cron).containsEntry("status", "pending").containsEntry("recurrence", "0 9 * * 1")
                .containsEntry("prompt", "weekly summary").containsEntry("series_id", cron.get("id"));
        Instant next = Timestamps.parse((String) cron.get("process_after"));
        assertThat(next).isAfter(before);
        assertThat(next.atZone(java.time.ZoneOffset.UTC).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);

        SessionPaths main = session(db, data, "main");
        assertThat(db.inbound(main, "SELECT count(*) AS n FROM messages_in WHERE kind = 'chat' AND status = 'completed'"))
                .containsExactly(Map.of("n", 8));
        assertThat(db.inbound(main, "SELECT status, recurrence, process_after, json_extract(content, '$.prompt') AS p "
                + "FROM messages_in WHERE kind = 'task' ORDER BY p")).containsExactly(
                nullable("status", "paused", "recurrence", "*/30 * * * *", "process_after",
                        db.inbound(main, "SELECT process_after FROM messages_in WHERE status = 'paused'").get(0)
                                .get("process_after"), "p", "check the feeds"),
                nullable("status", "pending", "recurrence", null, "process_after", "2099-01-01T09:00:00.000Z",
                        "p", "remind Ann of the dentist"));
        assertThat(db.inbound(main, "SELECT seq FROM messages_in").stream()
                .allMatch(m -> ((Number) m.get("seq")).longValue() % 2 == 0)).isTrue();
    }

    @Test
    void aSecondRunChangesNothingAndReportsEverythingPresent() throws Exception {
        Path v1 = V1Files.typical(tmp.resolve("messages.db"));
        Path data = tmp.resolve("data");
        Cli.Result first = importV1(v1, data, "--json");
        assertThat(first.code()).as("%s", first).isZero();
        Map<String, List<Map<String, Object>>> dump = dump(data);
        List<String> files = files(data);

        Cli.Result second = importV1(v1, data, "--json");
        assertThat(second.code()).as("%s", second).isZero();
        assertThat(dump(data)).isEqualTo(dump);
        assertThat(files(data)).isEqualTo(files);
        for (String k : List.of("chats", "groups", "wirings", "sessions", "tasks", "messages")) {
            assertThat(kind(second, k).path("imported").asInt()).as(k).isZero();
            assertThat(kind(second, k).path("already_present").asInt()).as(k)
                    .isEqualTo(kind(first, k).path("imported").asInt());
        }
        Cli.Result text = importV1(v1, data);
        assertThat(text.out()).contains("ALREADY_PRESENT").containsPattern("messages\\s+0\\s+18\\s+2");
        Cli.Result doctor = Cli.run("doctor", "--data", data.toString(), "--json");
        assertThat(doctor.json().path("findings")).as("%s", doctor)
                .noneMatch(f -> List.of("central", "folders", "session-files").contains(f.path("check").asText())
                        && f.path("severity").asText().equals("error"));
    }

    @Test
    void aRunInterruptedAfterTheCentralCommitIsFinishedByTheNextOne() throws Exception {
        Path v1 = V1Files.typical(tmp.resolve("messages.db"));
        Path data = tmp.resolve("data");
        assertThat(importV1(v1, data).code()).isZero();
        Map<String, List<Map<String, Object>>> complete = dump(data);
        // as if the import died after central committed: one session folder gone, the other half filled
        DataInspector db = new DataInspector(data);
        SessionPaths main = session(db, data, "main");
        SessionPaths family = session(db, data, "family");
        deleteTree(main.root());
        try (Connection c = io.tandem.schema.db.SqliteOpener.openSession(family.inboundDb(),
                io.tandem.schema.db.Durability.POWER)) {
            Sql.update(c, "DELETE FROM messages_in WHERE platform_message_id IN ('f9', 'f10') OR kind = 'task'");
        }
        Cli.Result again = importV1(v1, data, "--json");
        assertThat(again.code()).as("%s", again).isZero();
        assertThat(kind(again, "messages").path("imported").asInt()).isEqualTo(8 + 2);
        assertThat(kind(again, "tasks").path("imported").asInt()).isEqualTo(3);
        Map<String, List<Map<String, Object>>> repaired = dump(data);
        assertThat(repaired.keySet()).isEqualTo(complete.keySet());
        assertThat(repaired.get("family/chat")).extracting(m -> m.get("platform_message_id"))
                .isEqualTo(complete.get("family/chat").stream().map(m -> m.get("platform_message_id")).toList());
    }

    @Test
    void aDryRunWritesNothingAndSaysWhatItWouldDo() throws Exception {
        Path v1 = V1Files.typical(tmp.resolve("messages.db"));
        Path data = tmp.resolve("data");
        Cli.Result dry = importV1(v1, data, "--dry-run", "--json");
        assertThat(dry.code()).as("%s", dry).isZero();
        assertThat(Files.exists(data)).as("not even the data folder").isFalse();
        assertThat(dry.json().path("dry_run").asBoolean()).isTrue();
        assertThat(kind(dry, "messages").path("would_import").asInt()).isEqualTo(18);
        assertThat(kind(dry, "sessions").path("would_import").asInt()).isEqualTo(2);
        assertThat(kind(dry, "tasks").path("first")).hasSize(3);
        Cli.Result text = importV1(v1, data, "--dry-run");
        assertThat(text.out()).contains("dry run: nothing written", "WOULD_IMPORT", "telegram:-1009001",
                "skipped chats __group_sync__");

        assertThat(importV1(v1, data).code()).isZero();
        Map<String, List<Map<String, Object>>> dump = dump(data);
        Map<String, String> stamps = stamps(data);
        Cli.Result after = importV1(v1, data, "--dry-run", "--json");
        assertThat(after.code()).as("%s", after).isZero();
        assertThat(kind(after, "messages").path("would_import").asInt()).isZero();
        assertThat(kind(after, "messages").path("already_present").asInt()).isEqualTo(18);
        assertThat(kind(after, "chats").path("already_present").asInt()).isEqualTo(3);
        assertThat(stamps(data)).as("no file created or touched").isEqualTo(stamps);
        assertThat(dump(data)).isEqualTo(dump);
    }

    @Test
    void aFileThatIsNotAV1DatabaseIsRefusedNamingWhatIsMissing() throws Exception {
        Path notV1 = tmp.resolve("other.db");
        try (Connection c = V1Files.open(notV1)) {
            Sql.exec(c, "CREATE TABLE chats(jid TEXT PRIMARY KEY, name TEXT)");
            Sql.exec(c, "CREATE TABLE messages(id TEXT, chat_jid TEXT, content TEXT)");
        }
        Path data = tmp.resolve("data");
        Cli.Result r = importV1(notV1, data);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a v1 database", "table registered_groups", "table sessions",
                "table scheduled_tasks", "column messages.sender", "column messages.timestamp");
        assertThat(Files.exists(data)).as("nothing written").isFalse();

        Path text = Files.writeString(tmp.resolve("notes.db"), "hello, not SQLite");
        Cli.Result notSqlite = importV1(text, data);
        assertThat(notSqlite.code()).isEqualTo(2);
        assertThat(notSqlite.err()).contains("cannot be read as a v1 database");
        assertThat(Files.readString(text)).isEqualTo("hello, not SQLite");

        Cli.Result missing = importV1(tmp.resolve("nope.db"), data);
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no v1 database at");
        assertThat(Files.exists(tmp.resolve("nope.db"))).isFalse();
    }

    static SessionPaths session(DataInspector db, Path data, String group) throws Exception {
        List<Map<String, Object>> s = db.central("SELECT id FROM sessions WHERE agent_group_id = ?", group);
        assertThat(s).hasSize(1);
        return SessionPaths.of(data, group, (String) s.get(0).get("id"));
    }

    private static Map<String, Object> nullable(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Central's imported tables and every session's inbound rows, keyed by what they are. */
    static Map<String, List<Map<String, Object>>> dump(Path data) throws Exception {
        DataInspector db = new DataInspector(data);
        Map<String, List<Map<String, Object>>> d = new TreeMap<>();
        for (String t : List.of("messaging_groups", "agent_groups", "container_configs", "messaging_group_agents",
                "sessions", "users", "unregistered_senders")) {
            d.put(t, db.central("SELECT * FROM " + t + " ORDER BY 1"));
        }
        for (Map<String, Object> s : db.central("SELECT id, agent_group_id FROM sessions")) {
            SessionPaths p = SessionPaths.of(data, (String) s.get("agent_group_id"), (String) s.get("id"));
            String g = (String) s.get("agent_group_id");
            d.put(g + "/chat", db.inbound(p, "SELECT * FROM messages_in WHERE kind = 'chat' ORDER BY seq"));
            d.put(g + "/all", db.inbound(p, "SELECT * FROM messages_in ORDER BY seq"));
            d.put(g + "/routing", db.inbound(p, "SELECT * FROM session_routing"));
        }
        return d;
    }

    private static List<String> files(Path data) throws Exception {
        try (Stream<Path> s = Files.walk(data)) {
            return s.map(p -> data.relativize(p).toString()).sorted().toList();
        }
    }

    /** Every path under {@code data} with its modification time and size. */
    private static Map<String, String> stamps(Path data) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.toList()) {
                m.put(data.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis() + "/" + Files.size(p));
            }
        }
        return m;
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
