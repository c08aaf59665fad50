package io.tandem.host.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.cli.TandemCli;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;

/** Prepares a data folder before a host runs on it, through {@code tandem init} and the host's own store. */
public final class DataFolders {
    private DataFolders() {
    }

    /** {@code tandem init} with the embedded default; returns {@code data}. */
    public static Path init(Path data) {
        assertThat(TandemCli.run("init", "--data", data.toString())).isZero();
        return data;
    }

    /** Wires one more public http chat to the embedded echo group (engage on every message). */
    public static void wireEchoChat(Path data, String chatId) throws Exception {
        CentralStores store = CentralStores.sqlite(Clock.systemUTC());
        try (Connection c = SqliteOpener.openCentral(data.resolve("central.db"))) {
            Sql.tx(c, tx -> {
                String mg = store.channels().insertMessagingGroup(tx, "http", chatId, null, false,
                        UnknownSenderPolicy.PUBLIC);
                store.channels().insertWiring(tx, mg, EmbeddedDefaults.GROUP, EngageMode.PATTERN, ".",
                        SessionMode.SHARED);
                return null;
            });
        }
    }

    /**
     * Makes the embedded echo group run a test agent from the test classpath as an {@code exec}
     * agent: {@code java <jvmFlags> -cp <test classpath> <mainClass> <args>}.
     */
    public static void useTestAgent(Path data, List<String> jvmFlags, String mainClass, String... args)
            throws Exception {
        var agent = Json.object().put("kind", "exec");
        var cmd = agent.putArray("command").add(JavaProcesses.java());
        jvmFlags.forEach(cmd::add);
        cmd.add("-cp").add(System.getProperty("java.class.path")).add(mainClass);
        for (String a : args) {
            cmd.add(a);
        }
        CentralStores store = CentralStores.sqlite(Clock.systemUTC());
        try (Connection c = SqliteOpener.openCentral(data.resolve("central.db"))) {
            Sql.tx(c, tx -> {
                store.groups().upsertContainerConfig(tx, EmbeddedDefaults.GROUP, Json.write(agent));
                return null;
            });
        }
    }
}
