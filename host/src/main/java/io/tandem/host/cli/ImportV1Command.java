package io.tandem.host.cli;

import io.tandem.host.config.TandemConfig;
import io.tandem.host.importv1.ImportReport;
import io.tandem.host.importv1.V1Importer;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem import-v1 PATH/messages.db [--data D] [--dry-run] [--json]}: a one-shot, repeatable
 * migration of the reference system's v1 database (see {@link V1Importer} and docs/operations.md
 * "Import from v1"). Exit 0 done, 2 not a v1 file, 3 a host holds the data folder.
 */
@Command(name = "import-v1", mixinStandardHelpOptions = true,
        description = "Import a v1 messages.db (chats, registered groups, sessions, tasks, history); "
                + "a second run changes nothing. Exit 0 done, 2 not a v1 file, 3 a host holds the folder.")
public final class ImportV1Command implements Callable<Integer> {
    @Mixin
    HostOptions options;

    @Parameters(index = "0", paramLabel = "V1_DB", description = "the v1 messages.db (opened read-only)")
    Path v1File;

    @Option(names = "--dry-run", description = "print what would be imported; write nothing")
    boolean dryRun;

    @Option(names = "--json", description = "machine-readable summary")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AdminClient.quietLogs();
        TandemConfig config = options.load(Map.of());
        ImportReport report = new V1Importer(config.dataDir(), config.timezone(), config.durability(),
                Clock.systemUTC()).run(v1File, dryRun);
        System.out.print(json ? Json.write(report.json()) + "\n" : report.text());
        System.out.flush();
        return 0;
    }
}
