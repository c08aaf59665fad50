package io.tandem.host.cli;

import io.tandem.host.DataFolder;
import io.tandem.host.HostLock;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.config.TandemConfig;
import io.tandem.schema.db.Sql;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tandem init}: create the data folder, migrate central and add the embedded default. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create and migrate a data folder without running the host.")
public final class InitCommand implements Callable<Integer> {
    @Mixin
    HostOptions options;

    @Override
    public Integer call() throws Exception {
        TandemConfig config = options.load(Map.of());
        DataFolder data = new DataFolder(config.dataDir());
        data.create();
        Clock clock = Clock.systemUTC();
        try (HostLock lock = HostLock.acquire(config.dataDir());
             CentralDb central = CentralDb.open(config.dataDir().resolve("central.db"), clock)) {
            data.ensureAdminToken();
            CentralStores store = CentralStores.sqlite(clock);
            boolean created = central.call(c -> Sql.tx(c, tx -> EmbeddedDefaults.applyIfEmpty(tx, store)));
            if (created) {
                Files.createDirectories(config.dataDir().resolve("groups").resolve(EmbeddedDefaults.GROUP));
            }
        }
        System.out.println("tandem initialised data=" + config.dataDir());
        return 0;
    }
}
