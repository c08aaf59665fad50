package io.tandem.runner;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The training run for the runner's class-data-sharing archive: the host starts
 * {@code java <runner flags> -XX:ArchiveClassesAtExit=<tmp> -cp tandem-runner.jar io.tandem.runner.CdsTraining DIR}
 * once per data folder and runner jar, and uses the archive for every later runner start.
 *
 * <p>It plays the host for one throw-away session under {@code DIR} (inbound.db with one pending
 * chat message, {@code container.json} with the built-in echo agent) and then runs the real
 * entrypoint, {@link RunnerMain#main}, on it, so the archive holds exactly the classes a real
 * start loads: command line, logging, {@code container.json}, SQLite and its native library,
 * the loop, the JSON-lines codec and the echo agent. The session's idle exit is 1 ms, so the run
 * ends as soon as the reply is written. Same classpath as {@code java -jar tandem-runner.jar},
 * which is what the archive is checked against.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: CdsTraining DIR (a scratch folder; its session is created fresh)");
            ShutdownCoordinator.exit(ExitCodes.FATAL);
            return;
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        Path workspace = dir.resolve("sessions").resolve("cds").resolve("s-cds-training");
        Path group = dir.resolve("groups").resolve("cds");
        prepare(workspace, group);
        RunnerMain.main(new String[] {"--workspace", workspace.toString(), "--group", group.toString()});
    }

    /** Creates the session folder as the host would, with one pending chat message. */
    static void prepare(Path workspace, Path group) throws Exception {
        SessionPaths paths = new SessionPaths(workspace);
        Files.createDirectories(paths.outDir());
        Files.createDirectories(workspace.resolve("agent"));
        Files.createDirectories(workspace.resolve("inbox"));
        Files.createDirectories(group);
        String id = Ids.mint(Ids.MESSAGE_IN);
        try (Connection c = SqliteOpener.openSession(paths.inboundDb(), Durability.PROCESS)) {
            SessionSchema.INBOUND.apply(c);
            Sql.tx(c, tx -> {
                Sql.update(tx, "INSERT INTO session_routing(id, channel_type, platform_id, thread_id)"
                        + " VALUES (1, 'http', 'cds', NULL)");
                Sql.update(tx, "INSERT INTO messages_in(id, seq, kind, timestamp, status, series_id, trigger,"
                        + " platform_id, channel_type, content) VALUES (?, 2, 'chat', ?, 'pending', ?, 1, 'cds',"
                        + " 'http', ?)", id, Timestamps.format(Instant.now()), id,
                        "{\"text\":\"training\",\"sender\":{\"id\":\"http:cds\",\"name\":\"cds\"}}");
                return null;
            });
        }
        new ContainerSpec(ContainerSpec.VERSION, "cds", "s-cds-training", "UTC", 10,
                new ContainerSpec.Storage("power"), new ContainerSpec.Agent("echo", List.of(), Map.of(), "."),
                new ContainerSpec.Runner(1000, 5000, 1, 60_000, true, null))
                .writeAtomically(paths.containerJson());
    }
}
