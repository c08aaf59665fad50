package io.tandem.host.cli;

import io.tandem.host.HostDaemon;
import io.tandem.host.config.TandemConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem up}: initialise if needed and run the host in the foreground until SIGTERM or
 * Ctrl-C, which stop it in order and exit 0. Prints {@code tandem ready http=H:P admin=H:P data=DIR} once
 * ready.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the host in the foreground (initialises the data folder if needed).")
public final class UpCommand implements Callable<Integer> {
    @Mixin
    HostOptions options;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "http channel bind (port 0: any free port)")
    String http;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "admin API bind (port 0: any free port)")
    String admin;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "stderr log: text lines (default) or one JSON object per line (key log.format)")
    String logFormat;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (http != null) {
            flags.put("adapters.http.bind", http);
        }
        if (admin != null) {
            flags.put("admin.bind", admin);
        }
        if (logFormat != null) {
            flags.put("log.format", logFormat);
        }
        TandemConfig config = options.load(flags);
        LogOutput.apply(config.logFormat());
        HostDaemon host = HostDaemon.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
            System.out.flush();
            System.err.flush();
            // A requested stop that completed in order is a clean exit (0), not "killed by SIGTERM" (143).
            Runtime.getRuntime().halt(0);
        }, "tandem-shutdown"));
        System.out.println("tandem ready http=" + host.httpAddress() + " admin=" + host.adminAddress() + " data="
                + host.dataDir());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
