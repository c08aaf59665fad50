package io.tandem.host.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of every admin verb: the data folder (like {@code up}) and {@code --json}. */
public final class AdminOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data; env TANDEM_DATA_DIR)")
    Path data;

    @Option(names = "--json", description = "print the admin API's JSON instead of a table")
    boolean json;

    Path dataDir() {
        if (data != null) {
            return data;
        }
        String env = System.getenv("TANDEM_DATA_DIR");
        return Path.of(env != null && !env.isBlank() ? env : "data");
    }
}
