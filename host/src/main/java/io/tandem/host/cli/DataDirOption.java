package io.tandem.host.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data} for verbs that read a data folder without loading the host's configuration
 * (backup, export): they must work on a folder whose {@code tandem.conf} the host would refuse.
 * The same default as the host: the flag, else {@code TANDEM_DATA_DIR}, else {@code ./data}.
 */
public final class DataDirOption {
    @Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data; env TANDEM_DATA_DIR)")
    Path data;

    Path folder() {
        if (data != null) {
            return data;
        }
        String env = System.getenv("TANDEM_DATA_DIR");
        return Path.of(env == null || env.isBlank() ? "./data" : env);
    }
}
