package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.containers.BwrapRuntime;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.RuntimeKind;
import io.tandem.schema.session.SessionPaths;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bwrap} runtime on a real host: an echo round trip works in the sandbox, and an agent
 * in it cannot write {@code inbound.db}, plant a file beside it, read {@code admin.token}, write
 * outside {@code /workspace} or reach the network, while it can use {@code out/}, its group folder
 * and {@code /tmp}. Skipped (with the reason printed) only where bubblewrap cannot create a
 * namespace on this machine.
 */
class BwrapRuntimeTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void bubblewrapWorksHere() {
        BwrapRuntime.Availability a = new BwrapRuntime("bwrap", JavaProcesses.runnerJar(), List.of()).availability();
        if (!a.usable()) {
            System.out.println("BwrapRuntimeTest skipped: " + a.problem());
        }
        Assumptions.assumeTrue(a.usable(), () -> "bubblewrap cannot create a sandbox here: " + a.problem());
    }

    @Test
    void anEchoRoundTripWorksWithBwrapAsTheDefaultRuntime() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__RUNTIME", "bwrap");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "hi");
            assertThat(chat.awaitEvent("demo", 0, 90).path("text").asText()).isEqualTo("echo: hi");
            SessionPaths s = new DataInspector(data).onlySession();
            String runnerLog = Files.readString(data.resolve("logs").resolve("runner-" + s.root().getFileName()
                    + ".log"));
            assertThat(host.logText()).contains("runtime.bwrap.available").contains("runtime=\"bwrap\"");
            assertThat(runnerLog).doesNotContain(data.toString());

            // a clean stop reaches the runner inside the sandbox (EOF on its stdin; a SIGTERM to
            // bubblewrap would SIGKILL it): it finishes and exits 0
            assertThat(host.stop()).isZero();
            Path runnerLogFile = data.resolve("logs").resolve("runner-" + s.root().getFileName() + ".log");
            assertThat(Files.readString(runnerLogFile)).contains("runner.exit").contains("reason=\"stdin.eof\"")
                    .contains("code=\"0\"");
        }
    }

    @Test
    void aConfinedAgentIsDeniedEverythingOutsideItsMounts() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> results = probe(data, false);
        String reply = results.toString();
        assertThat(results).as(reply).containsOnlyKeys("write_inbound_db", "create_beside_inbound_db",
                "read_admin_token", "write_data_dir", "write_usr", "write_etc", "write_root", "network",
                "write_out", "write_agent", "read_container_json", "write_tmp");
        for (String denied : List.of("write_inbound_db", "create_beside_inbound_db", "read_admin_token",
                "write_data_dir", "write_usr", "write_etc", "write_root", "network")) {
            assertThat(results.get(denied)).as(denied + " in\n" + reply).startsWith("denied");
        }
        for (String allowed : List.of("write_out", "write_agent", "read_container_json", "write_tmp")) {
            assertThat(results.get(allowed)).as(allowed + " in\n" + reply).isEqualTo("ALLOWED");
        }
        SessionPaths s = new DataInspector(data).onlySession();
        assertThat(s.root().resolve("inbound.db-journal")).doesNotExist();
        assertThat(data.resolve("planted")).doesNotExist();
        assertThat(s.outDir().resolve("probe.txt")).exists();
        assertThat(data.resolve("groups").resolve(EmbeddedDefaults.GROUP).resolve("probe.txt")).exists();
    }

    @Test
    void aGroupWithNetworkReachesTheNetworkAndIsOtherwiseAsConfined() throws Exception {
        Map<String, String> results = probe(tmp.resolve("data"), true);
        assertThat(results.get("network")).as(results.toString()).isEqualTo("ALLOWED");
        assertThat(results.get("write_inbound_db")).as(results.toString()).startsWith("denied");
        assertThat(results.get("read_admin_token")).as(results.toString()).startsWith("denied");
    }

    /** Runs the probe agent in a bwrap group and returns its findings by name. */
    private Map<String, String> probe(Path dataDir, boolean network) throws Exception {
        Path data = DataFolders.init(dataDir);
        Path group = data.resolve("groups").resolve(EmbeddedDefaults.GROUP);
        Files.createDirectories(group);
        try (InputStream in = BwrapRuntimeTest.class.getResourceAsStream("/agents/confinement_probe.py")) {
            Files.copy(in, group.resolve("probe.py"));
        }
        var agent = Json.object().put("kind", "exec");
        agent.putArray("command").add("python3").add("probe.py");
        CentralStores store = CentralStores.sqlite(Clock.systemUTC());
        try (Connection c = SqliteOpener.openCentral(data.resolve("central.db"))) {
            Sql.tx(c, tx -> {
                store.groups().saveContainerConfig(tx, new ContainerConfig(EmbeddedDefaults.GROUP, RuntimeKind.BWRAP,
                        Json.write(agent), null, null, network));
                return null;
            });
        }
        try (HostProcess host = HostProcess.start(data)) {
            ChatClient chat = new ChatClient(host.httpBase());
            String port = host.http().substring(host.http().lastIndexOf(':') + 1);
            chat.say("demo", "ann", data.resolve("admin.token") + " " + data + " " + port);
            String reply = chat.awaitEvent("demo", 0, 90).path("text").asText();
            Map<String, String> results = new LinkedHashMap<>();
            reply.lines().forEach(l -> results.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            return results;
        }
    }
}
