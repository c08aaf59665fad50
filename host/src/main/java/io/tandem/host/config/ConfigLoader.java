package io.tandem.host.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.tandem.schema.db.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads {@link TandemConfig} from defaults, an optional HOCON file, the environment and flags, in
 * that order of increasing precedence. Environment keys are {@code TANDEM_} plus the key
 * upper-cased with {@code .} written as {@code __}; {@code TANDEM_DATA_DIR} sets {@code data_dir}.
 * Unknown environment keys are ignored (agents' variables share the prefix); every error names
 * the key it is about.
 */
public final class ConfigLoader {
    private static final String DEFAULTS = "tandem-defaults.conf";

    private ConfigLoader() {
    }

    /**
     * @param configFile explicit {@code --config} file, or null for {@code <data>/tandem.conf}
     * @param env the environment to read (System.getenv() in production)
     * @param flags flag overrides by config key (e.g. {@code data_dir}, {@code adapters.http.bind})
     */
    public static TandemConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS);
        Config envConfig = fromEnv(env, defaults);
        Config flagConfig = fromMap(flags);
        Config early = flagConfig.withFallback(envConfig).withFallback(defaults);
        Path dataDir = Path.of(early.getString("data_dir"));
        Config file = ConfigFactory.empty();
        Path fileToRead = configFile != null ? configFile : dataDir.resolve("tandem.conf");
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new ConfigError("--config", "names a file that does not exist: " + configFile);
        }
        if (Files.isRegularFile(fileToRead)) {
            try {
                file = ConfigFactory.parseFile(fileToRead.toFile());
            } catch (ConfigException e) {
                throw new ConfigError("(file " + fileToRead + ")", "cannot be parsed: " + e.getMessage());
            }
        }
        Config merged = flagConfig.withFallback(envConfig).withFallback(file).withFallback(defaults).resolve();
        try {
            return build(merged);
        } catch (ConfigException e) {
            throw new ConfigError(e.origin() == null ? "?" : keyOf(e), e.getMessage());
        }
    }

    private static String keyOf(ConfigException e) {
        String m = e.getMessage();
        int i = m.indexOf(": ");
        return i > 0 ? m.substring(0, i) : m;
    }

    private static Config fromEnv(Map<String, String> env, Config defaults) {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("TANDEM_")) {
                continue;
            }
            String key = e.getKey().substring("TANDEM_".length()).toLowerCase(Locale.ROOT).replace("__", ".");
            if (!defaults.hasPathOrNull(key)) {
                continue;
            }
            Object value = e.getValue();
            if (defaults.getValue(key).valueType() == com.typesafe.config.ConfigValueType.LIST) {
                value = Arrays.stream(e.getValue().trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            }
            c = c.withValue(key, ConfigValueFactory.fromAnyRef(value, "environment " + e.getKey()));
        }
        return c;
    }

    private static Config fromMap(Map<String, String> flags) {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, String> e : flags.entrySet()) {
            if (e.getValue() != null) {
                c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "flag"));
            }
        }
        return c;
    }

    private static TandemConfig build(Config c) {
        Path dataDir = Path.of(c.getString("data_dir")).toAbsolutePath().normalize();
        ZoneId zone;
        try {
            zone = ZoneId.of(c.getString("timezone"));
        } catch (DateTimeException e) {
            throw new ConfigError("timezone", "is not a time zone id: " + c.getString("timezone"));
        }
        Durability durability;
        try {
            durability = Durability.fromWire(c.getString("storage.durability"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("storage.durability", "must be power or process, got '"
                    + c.getString("storage.durability") + "'");
        }
        String token = secret(c, "adapters.http.token");
        TandemConfig.Http http = new TandemConfig.Http(
                HostPort.parse("adapters.http.bind", c.getString("adapters.http.bind")), token,
                positiveBytes(c, "adapters.http.max_body"), positiveBytes(c, "adapters.http.max_text"),
                positive(c, "adapters.http.retention"));
        String jar = c.getString("containers.process.runner_jar");
        TandemConfig.Containers containers = new TandemConfig.Containers(
                atLeast(c, "containers.max_running", 1), atLeast(c, "containers.max_messages_per_batch", 1),
                runtime(c), List.copyOf(c.getStringList("containers.process.jvm_args")),
                jar.isBlank() ? null : Path.of(jar).toAbsolutePath());
        TandemConfig.Runner runner = new TandemConfig.Runner(positive(c, "runner.poll_interval"),
                positive(c, "runner.heartbeat_interval"), positive(c, "runner.idle_exit"),
                positive(c, "runner.batch_timeout"), c.getBoolean("runner.watch"),
                positiveBytes(c, "agent.max_output_per_batch"));
        TandemConfig.Delivery delivery = new TandemConfig.Delivery(atLeast(c, "delivery.max_attempts", 1),
                positiveBytes(c, "delivery.max_file"), c.getBoolean("delivery.watch"));
        TandemConfig.Sweep sweep = new TandemConfig.Sweep(positive(c, "sweep.interval"),
                positive(c, "sweep.heartbeat_stale"), atLeast(c, "sweep.max_tries", 1));
        return new TandemConfig(dataDir, zone, durability, http,
                HostPort.parse("admin.bind", c.getString("admin.bind")), containers, runner, delivery, sweep,
                positive(c, "questions.ttl"), positive(c, "adapters.dedupe_ttl"));
    }

    private static String runtime(Config c) {
        String r = c.getString("containers.runtime");
        if (!r.equals("process")) {
            throw new ConfigError("containers.runtime", "'" + r + "' is not available yet; use process");
        }
        return r;
    }

    /** A secret from {@code key} or from the file named by {@code key_file}; never logged. */
    private static String secret(Config c, String key) {
        String fileKey = key + "_file";
        String file = c.hasPath(fileKey) ? c.getString(fileKey) : "";
        if (!file.isBlank()) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new ConfigError(fileKey, "names a file that cannot be read: " + file);
            }
        }
        return c.getString(key);
    }

    private static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigError(key, "must be a positive duration, got " + d);
        }
        return d;
    }

    private static long positiveBytes(Config c, String key) {
        long v = c.getBytes(key);
        if (v <= 0) {
            throw new ConfigError(key, "must be a positive size, got " + v);
        }
        return v;
    }

    private static int atLeast(Config c, String key, int min) {
        int v = c.getInt(key);
        if (v < min) {
            throw new ConfigError(key, "must be at least " + min + ", got " + v);
        }
        return v;
    }
}
