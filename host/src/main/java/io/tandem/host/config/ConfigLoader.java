package io.tandem.host.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.tandem.host.retention.RetentionPolicy;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link TandemConfig} from defaults, an optional HOCON file, the environment and flags, in
 * that order of increasing precedence. Environment keys are {@code TANDEM_} plus the key
 * upper-cased with {@code .} written as {@code __}; {@code TANDEM_DATA_DIR} sets {@code data_dir}.
 * Every key from the file or the environment must be one this build knows ({@link KnownKeys});
 * every error names the key it is about, once.
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String DEFAULTS = "tandem-defaults.conf";
    /** The longest long poll ({@code wait} ≤ 30 s); the idle timeout must not cut one off. */
    private static final Duration LONGEST_POLL = Duration.ofSeconds(30);

    private ConfigLoader() {
    }

    /**
     * @param configFile explicit {@code --config} file, or null for {@code <data>/tandem.conf}
     * @param env the environment to read (System.getenv() in production)
     * @param flags flag overrides by config key (e.g. {@code data_dir}, {@code adapters.http.bind})
     */
    public static TandemConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Config merged = merged(configFile, env, flags);
        TandemConfig config = build(new ConfigValues(merged));
        log.atDebug().addKeyValue("config", config).log("config.loaded");
        return config;
    }

    /**
     * The merged configuration tree (flags &gt; environment &gt; file &gt; defaults) after the same
     * checks {@link #load} makes, for {@code tandem config show}; it holds secrets in clear, so
     * callers mask them ({@link SecretNames}) before showing it.
     */
    public static Config effective(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Config merged = merged(configFile, env, flags);
        build(new ConfigValues(merged));
        return merged;
    }

    private static Config merged(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS);
        KnownKeys known = new KnownKeys(defaults);
        Config envConfig = fromEnv(env, defaults, known);
        Config flagConfig = fromMap(flags);
        Config early = flagConfig.withFallback(envConfig).withFallback(defaults);
        Path dataDir = Path.of(new ConfigValues(early).string("data_dir"));
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
            known.requireKnown(file, fileToRead.toString());
        }
        Config merged;
        try {
            merged = flagConfig.withFallback(envConfig).withFallback(file).withFallback(defaults).resolve();
        } catch (ConfigException e) {
            throw new ConfigError("(substitution)", "cannot be resolved: " + e.getMessage());
        }
        log.atDebug().addKeyValue("file", Files.isRegularFile(fileToRead) ? fileToRead : "none")
                .log("config.merged");
        return merged;
    }

    private static Config fromEnv(Map<String, String> env, Config defaults, KnownKeys known) {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("TANDEM_")) {
                continue;
            }
            String raw = e.getKey().substring("TANDEM_".length());
            String key = raw.toLowerCase(Locale.ROOT).replace("__", ".");
            if (!known.isKey(key)) {
                if (known.looksLikeKey(raw, key)) {
                    throw known.unknown(key, "from environment " + e.getKey());
                }
                continue;
            }
            Object value = e.getValue();
            if (defaults.getValue(key).valueType() == ConfigValueType.LIST) {
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

    private static TandemConfig build(ConfigValues c) {
        Path dataDir = Path.of(c.string("data_dir")).toAbsolutePath().normalize();
        ZoneId zone;
        try {
            zone = ZoneId.of(c.string("timezone"));
        } catch (DateTimeException e) {
            throw new ConfigError("timezone", "is not a time zone id: " + c.string("timezone"));
        }
        Durability durability;
        try {
            durability = Durability.fromWire(c.string("storage.durability"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("storage.durability", "must be power or process, got '"
                    + c.string("storage.durability") + "'");
        }
        String token = secret(c, "adapters.http.token");
        Duration idle = positive(c, "adapters.http.idle_timeout");
        if (idle.compareTo(LONGEST_POLL) <= 0) {
            throw new ConfigError("adapters.http.idle_timeout", "must be longer than the longest long poll ("
                    + LONGEST_POLL.toSeconds() + "s), got " + idle);
        }
        TandemConfig.Http http = new TandemConfig.Http(
                HostPort.parse("adapters.http.bind", c.string("adapters.http.bind")), token,
                positiveBytes(c, "adapters.http.max_body"), positiveBytes(c, "adapters.http.max_text"),
                positive(c, "adapters.http.retention"), atLeast(c, "adapters.http.max_connections", 1), idle,
                positive(c, "adapters.http.body_timeout"), atLeast(c, "adapters.http.max_streams", 1));
        String jar = c.string("containers.process.runner_jar");
        TandemConfig.Containers containers = new TandemConfig.Containers(
                atLeast(c, "containers.max_running", 1), atLeast(c, "containers.max_messages_per_batch", 1),
                runtime(c), List.copyOf(c.strings("containers.process.jvm_args")),
                jar.isBlank() ? null : Path.of(jar).toAbsolutePath(), binary(c, "containers.bwrap.binary"),
                new TandemConfig.Docker(binary(c, "containers.docker.binary"), dockerImage(c)),
                c.bool("containers.process.shared"), List.copyOf(c.strings("containers.process.shared_jvm_args")));
        TandemConfig.Runner runner = new TandemConfig.Runner(positive(c, "runner.poll_interval"),
                positive(c, "runner.heartbeat_interval"), positive(c, "runner.idle_exit"),
                positive(c, "runner.batch_timeout"), c.bool("runner.watch"),
                positiveBytes(c, "agent.max_output_per_batch"));
        TandemConfig.Delivery delivery = new TandemConfig.Delivery(atLeast(c, "delivery.max_attempts", 1),
                positiveBytes(c, "delivery.max_file"), c.bool("delivery.watch"),
                notAbove(c, "delivery.record_delay", Duration.ofSeconds(1)));
        TandemConfig.Sweep sweep = new TandemConfig.Sweep(positive(c, "sweep.interval"),
                positive(c, "sweep.heartbeat_stale"), atLeast(c, "sweep.max_tries", 1));
        TandemConfig.Admin admin = new TandemConfig.Admin(HostPort.parse("admin.bind", c.string("admin.bind")),
                fraction(c, "admin.max_fd_use"), positive(c, "admin.probe_interval"));
        return new TandemConfig(dataDir, zone, durability, http, admin.bind(), containers, runner, delivery, sweep,
                positive(c, "questions.ttl"), positive(c, "adapters.dedupe_ttl"), admin,
                new TandemConfig.Sessions(atLeast(c, "sessions.open_connections", 1)), telegram(c), retention(c),
                new TandemConfig.A2a(atLeast(c, "a2a.max_per_minute", 1)),
                LogFormat.parse("log.format", c.string("log.format")), positive(c, "shutdown.timeout"),
                atLeast(c, "crash_loop.unclean_starts", 0));
    }

    /** {@code retention.*}: zero keeps that kind of data for ever. */
    private static RetentionPolicy retention(ConfigValues c) {
        String action = c.string("retention.closed_sessions_action");
        RetentionPolicy.ClosedSessionAction closedAction;
        try {
            closedAction = RetentionPolicy.ClosedSessionAction.fromWire(action);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("retention.closed_sessions_action", e.getMessage());
        }
        return new RetentionPolicy(notNegative(c, "retention.messages"), notNegative(c, "retention.drop_audit"),
                notNegative(c, "retention.closed_sessions"), closedAction);
    }

    /** Zero or more, at most {@code max}: a longer wait would only delay what operators and tools read. */
    private static Duration notAbove(ConfigValues c, String key, Duration max) {
        Duration d = c.duration(key);
        if (d.isNegative() || d.compareTo(max) > 0) {
            throw new ConfigError(key, "must be a duration from 0 to " + max.toMillis() + "ms, got " + d.toMillis() + "ms");
        }
        return d;
    }

    private static Duration notNegative(ConfigValues c, String key) {
        Duration d = c.duration(key);
        if (d.isNegative()) {
            throw new ConfigError(key, "must be a duration of zero (keep for ever) or more, got " + d);
        }
        return d;
    }

    private static TandemConfig.Telegram telegram(ConfigValues c) {
        boolean enabled = c.bool("adapters.telegram.enabled");
        String token = secret(c, "adapters.telegram.token");
        if (enabled && token.isBlank()) {
            throw new ConfigError("adapters.telegram.token", "is required when adapters.telegram.enabled = true "
                    + "(set TANDEM_ADAPTERS__TELEGRAM__TOKEN or adapters.telegram.token_file)");
        }
        String base = c.string("adapters.telegram.api_base").strip();
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw new ConfigError("adapters.telegram.api_base", "must be an http(s) URL, got '" + base + "'");
        }
        Duration poll = c.duration("adapters.telegram.poll_timeout");
        if (poll.isNegative() || poll.toSeconds() > 50) {
            throw new ConfigError("adapters.telegram.poll_timeout", "must be between 0s and 50s, got " + poll);
        }
        return new TandemConfig.Telegram(enabled, token.strip(), base.endsWith("/") ? base.substring(0,
                base.length() - 1) : base, poll);
    }

    private static io.tandem.schema.rows.RuntimeKind runtime(ConfigValues c) {
        String r = c.string("containers.runtime");
        try {
            return io.tandem.schema.rows.RuntimeKind.fromWire(r);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("containers.runtime", "'" + r + "' is not one of process|bwrap|docker");
        }
    }

    /** An executable: a bare name (looked up on PATH at spawn) or an absolute path; never a command line. */
    private static String binary(ConfigValues c, String key) {
        String b = c.string(key).strip();
        if (b.isEmpty() || b.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigError(key, "must be an executable name or absolute path without spaces, got '" + b + "'");
        }
        if (b.contains("/") && !b.startsWith("/")) {
            throw new ConfigError(key, "must be a bare name (looked up on PATH) or an absolute path, got '" + b + "'");
        }
        return b;
    }

    private static String dockerImage(ConfigValues c) {
        String image = c.string("containers.docker.image").strip();
        if (!image.matches("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}")) {
            throw new ConfigError("containers.docker.image", "must be an image reference such as "
                    + "tandem-runner:latest, got '" + image + "'");
        }
        return image;
    }

    /** A secret from {@code key} or from the file named by {@code key_file}; never logged. */
    private static String secret(ConfigValues c, String key) {
        String fileKey = key + "_file";
        String file = c.has(fileKey) ? c.string(fileKey) : "";
        if (!file.isBlank()) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new ConfigError(fileKey, "names a file that cannot be read: " + file);
            }
        }
        return c.string(key);
    }

    private static Duration positive(ConfigValues c, String key) {
        Duration d = c.duration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigError(key, "must be a positive duration, got " + d);
        }
        return d;
    }

    private static long positiveBytes(ConfigValues c, String key) {
        long v = c.bytes(key);
        if (v <= 0) {
            throw new ConfigError(key, "must be a positive size, got " + v);
        }
        return v;
    }

    private static int atLeast(ConfigValues c, String key, int min) {
        int v = c.integer(key);
        if (v < min) {
            throw new ConfigError(key, "must be at least " + min + ", got " + v);
        }
        return v;
    }

    private static double fraction(ConfigValues c, String key) {
        double v = c.number(key);
        if (!(v > 0 && v <= 1)) {
            throw new ConfigError(key, "must be above 0 and at most 1, got " + v);
        }
        return v;
    }
}
