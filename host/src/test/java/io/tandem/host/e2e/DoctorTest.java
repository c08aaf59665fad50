package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.Quarantine;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.session.SessionPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem doctor} on real data folders: a healthy folder after a real round trip passes (with
 * and without a host); a corrupted session file, an orphan folder, a missing folder and a leftover
 * journal are found; {@code --fix} against a running host quarantines the broken session through
 * the host (readyz reports it) while another session keeps answering.
 */
class DoctorTest {
    @TempDir
    Path tmp;

    private static Cli.Result doctor(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", "--data", data.toString()));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<JsonNode> problems(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        report.path("findings").forEach(f -> {
            if (!f.path("severity").asText().equals("ok")) {
                out.add(f);
            }
        });
        return out;
    }

    private static SessionPaths session(Path data, String chat) throws Exception {
        var row = new DataInspector(data).central("SELECT s.id, s.agent_group_id FROM sessions s JOIN messaging_groups m "
                + "ON m.id = s.messaging_group_id WHERE m.platform_id = ?", chat).get(0);
        return SessionPaths.of(data, (String) row.get("agent_group_id"), (String) row.get("id"));
    }

    /** One message through the echo agent, then wait until the host has finished writing that session. */
    private static SessionPaths roundTrip(HostProcess host, Path data, String chat) throws Exception {
        ChatClient client = new ChatClient(host.httpBase());
        client.say(chat, "ann", "hello " + chat);
        assertThat(client.awaitEvent(chat, 0, 60).path("text").asText()).isEqualTo("echo: hello " + chat);
        SessionPaths s = session(data, chat);
        DataInspector db = new DataInspector(data);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(db.inbound(s, "SELECT status FROM messages_in")).containsExactly(Map.of("status", "completed"));
            assertThat(db.inbound(s, "SELECT status FROM delivered")).hasSize(1);
        });
        return s;
    }

    /** Overwrites every page after the first: the header still says SQLite, the b-trees are garbage. */
    private static void corruptTheMiddle(Path db) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            long pageSize = 4096;
            assertThat(f.length()).as("%s has pages after the first", db).isGreaterThan(pageSize);
            byte[] junk = new byte[(int) (f.length() - pageSize)];
            Arrays.fill(junk, (byte) 0x5A);
            f.seek(pageSize);
            f.write(junk);
            f.getFD().sync();
        }
    }

    @Test
    void aHealthyFolderAfterARoundTripPassesWithAndWithoutAHost() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        try (HostProcess host = HostProcess.start(data)) {
            roundTrip(host, data, "demo");
            Cli.Result live = doctor(data, "--json");
            assertThat(live.code()).as("%s", live).isZero();
            JsonNode report = live.json();
            assertThat(report.path("host_running").asBoolean()).isTrue();
            assertThat(report.path("errors").asInt()).as("%s", live).isZero();
            assertThat(problems(report)).as("%s", live).isEmpty();
            assertThat(report.path("findings").findValuesAsText("check")).contains("host", "central", "folders",
                    "session-files", "heartbeats", "disk", "permissions");
        }
        List<String> before = listing(data);
        Cli.Result offline = doctor(data);
        assertThat(offline.code()).as("%s", offline).isZero();
        assertThat(offline.out()).contains("[central]", "integrity_check ok", "journal_mode wal", "no host is running")
                .endsWith("0 errors, 0 warnings\n");
        assertThat(listing(data)).as("doctor creates nothing (no central.db-shm/-wal either)").isEqualTo(before);
    }

    @Test
    void aRunnerHoldingItsLockWithAStaleHeartbeatIsReported() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        SessionPaths demo;
        try (HostProcess host = HostProcess.start(data)) {
            demo = roundTrip(host, data, "demo");
        }
        Process stuck = JavaProcesses.builder("io.tandem.host.support.RunnerLockHolder", demo.runnerLock().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(stuck.getInputStream())).readLine()).isEqualTo("locked");
            Files.setLastModifiedTime(demo.heartbeat(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Cli.Result r = doctor(data, "--json");
            assertThat(r.code()).as("a warning is not an error: %s", r).isZero();
            assertThat(problems(r.json())).singleElement().satisfies(f -> {
                assertThat(f.path("check").asText()).isEqualTo("heartbeats");
                assertThat(f.path("message").asText()).contains("pid " + stuck.pid(), "stuck");
            });
        } finally {
            stuck.getOutputStream().close();
            assertThat(stuck.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(problems(doctor(data, "--json").json())).as("the lock is free again").isEmpty();
    }

    private static List<String> listing(Path data) throws Exception {
        try (Stream<Path> all = Files.walk(data)) {
            return all.map(p -> data.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void corruptOrphanMissingAndJournalAreReported() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.wireEchoChat(data, "gone");
        DataFolders.wireEchoChat(data, "journal");
        SessionPaths demo;
        SessionPaths gone;
        SessionPaths journal;
        try (HostProcess host = HostProcess.start(data)) {
            demo = roundTrip(host, data, "demo");
            gone = roundTrip(host, data, "gone");
            journal = roundTrip(host, data, "journal");
        }
        corruptTheMiddle(demo.inboundDb());
        Path orphan = Files.createDirectories(demo.root().resolveSibling("s-orphan"));
        deleteTree(gone.root());
        killMidCommit(journal.inboundDb());
        String demoId = demo.root().getFileName().toString();

        Cli.Result r = doctor(data, "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        List<JsonNode> found = problems(r.json());
        assertThat(found).as("%s", r.out()).anySatisfy(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("error");
            assertThat(f.path("session").asText()).isEqualTo(demoId);
            assertThat(f.path("file").asText()).isEqualTo("inbound.db");
            assertThat(f.path("hint").asText()).contains("doctor --fix");
        });
        assertThat(found).anySatisfy(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("warn");
            assertThat(f.path("subject").asText()).isEqualTo(data.relativize(orphan).toString());
            assertThat(f.path("message").asText()).contains("orphan");
        });
        assertThat(found).anySatisfy(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("error");
            assertThat(f.path("subject").asText()).isEqualTo("session " + gone.root().getFileName());
            assertThat(f.path("message").asText()).contains("no folder");
        });
        assertThat(found).anySatisfy(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("warn");
            assertThat(f.path("subject").asText()).isEqualTo(data.relativize(journal.inboundJournal()).toString());
            assertThat(f.path("hint").asText()).contains("tandem up");
        });
        assertThat(r.json().path("errors").asInt()).isEqualTo(2);
        assertThat(Files.exists(journal.inboundJournal())).as("doctor leaves the journal to its owner").isTrue();

        Cli.Result text = doctor(data);
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("[session-files]", "[folders]").endsWith("2 errors, 2 warnings\n");
    }

    @Test
    void fixWithoutAHostMovesTheBrokenFileAsideAndMarksTheSession() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        SessionPaths demo;
        try (HostProcess host = HostProcess.start(data)) {
            demo = roundTrip(host, data, "demo");
        }
        corruptTheMiddle(demo.inboundDb());
        Cli.Result fixed = doctor(data, "--fix", "--json");
        assertThat(fixed.code()).as("%s", fixed).isZero();
        assertThat(fixed.json().path("fixes").get(0).path("moved").get(0).asText()).startsWith("inbound.db -> "
                + "inbound.db.broken-");
        assertThat(Files.exists(demo.inboundDb())).isFalse();
        try (Stream<Path> files = Files.list(demo.root())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("inbound.db.broken-"));
        }
        assertThat(Quarantine.reason(demo)).hasValueSatisfying(v -> assertThat(v).contains("doctor --fix"));
        assertThat(problems(fixed.json())).singleElement().satisfies(f ->
                assertThat(f.path("message").asText()).startsWith("quarantined: "));

        String id = demo.root().getFileName().toString();
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient admin = new ChatClient("http://" + host.admin());
            await("the next host reports the quarantine").atMost(Duration.ofSeconds(30)).until(() ->
                    admin.get("/readyz").body().path("quarantined").path(id).asText().contains("doctor --fix"));
            assertThat(new ChatClient(host.httpBase()).say("demo", "ann", "again").status()).isEqualTo(503);
            assertThat(Files.exists(demo.inboundDb())).as("the host does not recreate the moved file").isFalse();
        }
    }

    @Test
    void fixAgainstARunningHostQuarantinesThroughItWhileOtherSessionsKeepAnswering() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.wireEchoChat(data, "broken");
        try (HostProcess host = HostProcess.start(data)) {
            roundTrip(host, data, "demo");
            SessionPaths broken = roundTrip(host, data, "broken");
            String brokenId = broken.root().getFileName().toString();
            corruptTheMiddle(broken.inboundDb());

            Cli.Result found = doctor(data, "--json");
            assertThat(found.code()).as("%s", found).isEqualTo(1);
            assertThat(problems(found.json())).singleElement().satisfies(f -> {
                assertThat(f.path("session").asText()).isEqualTo(brokenId);
                assertThat(f.path("file").asText()).isEqualTo("inbound.db");
            });

            Cli.Result fixed = doctor(data, "--fix");
            assertThat(fixed.code()).as("%s", fixed).isZero();
            assertThat(fixed.out()).contains("fixed: session " + brokenId + " quarantined; moved aside: inbound.db -> "
                    + "inbound.db.broken-").endsWith("0 errors, 1 warning\n");
            assertThat(host.logText()).as("the fix went through the host")
                    .contains("admin.changed request=\"POST /admin/v1/sessions/" + brokenId + "/quarantine\"");
            assertThat(Files.exists(broken.inboundDb())).isFalse();

            ChatClient admin = new ChatClient("http://" + host.admin());
            await("readyz lists it").atMost(Duration.ofSeconds(30)).until(() ->
                    admin.get("/readyz").body().path("quarantined").path(brokenId).asText().contains("doctor --fix"));
            ChatClient chat = new ChatClient(host.httpBase());
            ChatClient.Reply refused = chat.say("broken", "ann", "after the fix");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().path("error").path("code").asText()).isEqualTo("session_quarantined");
            assertThat(Files.exists(broken.inboundDb())).as("the host does not recreate the moved file").isFalse();

            assertThat(chat.say("demo", "bob", "still here").status()).isEqualTo(202);
            assertThat(chat.awaitEvent("demo", 1, 60).path("text").asText()).isEqualTo("echo: still here");
            assertThat(host.process().isAlive()).isTrue();
        }
    }

    private static void killMidCommit(Path db) throws Exception {
        Process p = JavaProcesses.builder("io.tandem.host.support.KilledMidCommitWriter", db.toString(), "in")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertThat(out.readLine()).isEqualTo("mid-commit");
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(Path.of(db + "-journal"))).isTrue();
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
