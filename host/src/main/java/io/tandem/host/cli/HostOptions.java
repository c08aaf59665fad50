package io.tandem.host.cli;

import io.tandem.host.config.ConfigLoader;
import io.tandem.host.config.TandemConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by verbs that run or open a host's data folder; flags win over everything. */
public final class HostOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data; env TANDEM_DATA_DIR)")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON config file (default <data>/tandem.conf)")
    Path config;

    TandemConfig load(Map<String, String> extraFlags) {
        Map<String, String> flags = new LinkedHashMap<>(extraFlags);
        if (data != null) {
            flags.put("data_dir", data.toString());
        }
        return ConfigLoader.load(config, System.getenv(), flags);
    }
}
