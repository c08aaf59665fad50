package io.tandem.host.cli;

import io.tandem.host.config.EffectiveConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem config show}: the configuration a host would run with, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration: show.",
        subcommands = ConfigCommand.Show.class)
final class ConfigCommand {
    private ConfigCommand() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the effective configuration (defaults, file, environment) with secrets masked.")
    static final class Show implements Callable<Integer> {
        @Mixin
        HostOptions options;

        @Option(names = "--json", description = "JSON instead of HOCON")
        boolean json;

        @Override
        public Integer call() {
            Map<String, String> flags = new LinkedHashMap<>();
            if (options.data != null) {
                flags.put("data_dir", options.data.toString());
            }
            EffectiveConfig c = EffectiveConfig.load(options.config, System.getenv(), flags);
            System.out.println(json ? c.json() : c.hocon());
            System.out.flush();
            return 0;
        }
    }
}
