package io.tandem.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void logFormatIsTextByDefaultJsonFromTheEnvironmentOrTheFlagAndAnythingElseNamesTheKey() {
        Map<String, String> data = Map.of("data_dir", tmp.toString());
        assertThat(ConfigLoader.load(null, Map.of(), data).logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(ConfigLoader.load(null, Map.of("TANDEM_LOG__FORMAT", "json", "TANDEM_LOG_LEVEL", "DEBUG"), data)
                .logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(ConfigLoader.load(null, Map.of("TANDEM_LOG__FORMAT", "json"),
                Map.of("data_dir", tmp.toString(), "log.format", "text")).logFormat()).isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString(),
                "log.format", "xml"))).isInstanceOf(ConfigError.class).hasMessageContaining("log.format")
                .hasMessageContaining("text or json").hasMessageContaining("xml");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_LOG_FORMAT", "json"), data))
                .as("one underscore is not the key").hasMessageContaining("did you mean log.format?");
    }

    @Test
    void defaultsMatchTheContract() {
        TandemConfig c = ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString()));
        assertThat(c.http().bind()).isEqualTo(new HostPort("127.0.0.1", 7800));
        assertThat(c.adminBind()).isEqualTo(new HostPort("127.0.0.1", 7801));
        assertThat(c.http().maxBody()).isEqualTo(1024 * 1024);
        assertThat(c.http().maxText()).isEqualTo(64 * 1024);
        assertThat(c.containers().maxRunning()).isEqualTo(32);
        assertThat(c.sweep().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.sweep().heartbeatStale()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.delivery().maxAttempts()).isEqualTo(5);
        assertThat(c.containers().jvmArgs()).contains("-XX:+UseSerialGC", "-Xmx96m");
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Files.writeString(tmp.resolve("tandem.conf"), "containers.max_running = 3\nsweep.max_tries = 7\n"
                + "adapters.http.bind = \"127.0.0.1:9000\"\n");
        Map<String, String> env = Map.of("TANDEM_CONTAINERS__MAX_RUNNING", "8", "TANDEM_DATA_DIR", tmp.toString(),
                "TANDEM_ADAPTERS__HTTP__BIND", "127.0.0.1:9100", "TANDEM_SESSION_ID", "ignored");
        TandemConfig c = ConfigLoader.load(null, env, Map.of("adapters.http.bind", "127.0.0.1:0"));
        assertThat(c.dataDir()).isEqualTo(tmp.toAbsolutePath());
        assertThat(c.containers().maxRunning()).isEqualTo(8);
        assertThat(c.sweep().maxTries()).isEqualTo(7);
        assertThat(c.http().bind().port()).isZero();
    }

    @Test
    void aBadValueIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__MAX_RUNNING", "0"),
                Map.of("data_dir", tmp.toString()))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("containers.max_running");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString(),
                "adapters.http.bind", "nonsense"))).hasMessageContaining("adapters.http.bind");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_SWEEP__INTERVAL", "soon"),
                Map.of("data_dir", tmp.toString()))).hasMessageContaining("sweep.interval");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_TIMEZONE", "Mars/Olympus"),
                Map.of("data_dir", tmp.toString()))).hasMessageContaining("timezone");
    }

    @Test
    void theA2aCapDefaultsTo30AndRefusesZeroNamingItsKey() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString())).a2a().maxPerMinute())
                .isEqualTo(30);
        assertThat(ConfigLoader.load(null, Map.of("TANDEM_A2A__MAX_PER_MINUTE", "2"), Map.of("data_dir",
                tmp.toString())).a2a().maxPerMinute()).isEqualTo(2);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_A2A__MAX_PER_MINUTE", "0"),
                Map.of("data_dir", tmp.toString()))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("a2a.max_per_minute").hasMessageContaining("at least 1");
    }

    @Test
    void theRecordDelayDefaultsTo20msAllowsZeroAndRefusesNegativeOrLongNamingItsKey() {
        Map<String, String> data = Map.of("data_dir", tmp.toString());
        assertThat(ConfigLoader.load(null, Map.of(), data).delivery().recordDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(ConfigLoader.load(null, Map.of("TANDEM_DELIVERY__RECORD_DELAY", "0ms"), data).delivery()
                .recordDelay()).isZero();
        for (String bad : List.of("-5ms", "2s")) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_DELIVERY__RECORD_DELAY", bad), data))
                    .isInstanceOf(ConfigError.class).hasMessageContaining("delivery.record_delay")
                    .hasMessageContaining("from 0 to 1000ms");
        }
    }

    @Test
    void theHttpTokenComesFromItsFileAndIsNeverPrinted() throws Exception {
        Path secret = tmp.resolve("token");
        Files.writeString(secret, "s3cret\n");
        TandemConfig c = ConfigLoader.load(null, Map.of("TANDEM_ADAPTERS__HTTP__TOKEN_FILE", secret.toString()),
                Map.of("data_dir", tmp.toString()));
        assertThat(c.http().token()).isEqualTo("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void theEdgeLimitsHaveTheirDocumentedDefaults() {
        TandemConfig c = ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString()));
        assertThat(c.http().maxConnections()).isEqualTo(10_000);
        assertThat(c.http().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.http().bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.admin().maxFdUse()).isEqualTo(0.9);
        assertThat(c.admin().probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.admin().bind()).isEqualTo(c.adminBind());
    }

    @Test
    void aTypoInTheFileIsRefusedNamingTheKeyAndTheClosestKnownOne() throws Exception {
        Files.writeString(tmp.resolve("tandem.conf"), "containers {\n  max_runing = 3\n}\n");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString())))
                .isInstanceOf(ConfigError.class)
                .satisfies(e -> assertThat(((ConfigError) e).exitCode()).isEqualTo(2))
                .hasMessageContaining("containers.max_runing is not a known key")
                .hasMessageContaining("did you mean containers.max_running?");
    }

    @Test
    void anUnknownSectionInTheFileIsRefusedToo() throws Exception {
        Files.writeString(tmp.resolve("tandem.conf"), "contaners.max_running = 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString())))
                .hasMessageContaining("contaners.max_running")
                .hasMessageContaining("did you mean containers.max_running?");
    }

    @Test
    void anEnvironmentKeyThatIsNoKeyIsRefusedButForeignTandemVariablesAreNot() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_FOO__BAR", "1"),
                Map.of("data_dir", tmp.toString()))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("foo.bar").hasMessageContaining("TANDEM_FOO__BAR");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__MAX_RUNINGS", "4"),
                Map.of("data_dir", tmp.toString()))).hasMessageContaining("containers.max_runings")
                .hasMessageContaining("did you mean containers.max_running?");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS_MAX_RUNNING", "4"),
                Map.of("data_dir", tmp.toString()))).hasMessageContaining("containers_max_running")
                .hasMessageContaining("did you mean containers.max_running?");
        // the launcher's and the agents' variables share the prefix and are not configuration keys
        TandemConfig c = ConfigLoader.load(null, Map.of("TANDEM_SESSION_ID", "s-1", "TANDEM_LOG_LEVEL", "DEBUG",
                "TANDEM_JAVA_OPTS", "-Xmx1g", "TANDEM_WORKSPACE", "/w"), Map.of("data_dir", tmp.toString()));
        assertThat(c.containers().maxRunning()).isEqualTo(32);
    }

    @Test
    void aTypeErrorNamesTheKeyOnceWithTheValueAndWhereItCameFrom() throws Exception {
        Throwable env = catchThrowable(() -> ConfigLoader.load(null, Map.of("TANDEM_SWEEP__INTERVAL", "soon"),
                Map.of("data_dir", tmp.toString())));
        assertThat(env).isInstanceOf(ConfigError.class);
        assertThat(occurrences(env.getMessage(), "sweep.interval")).as(env.getMessage()).isEqualTo(1);
        assertThat(env.getMessage()).contains("soon").contains("TANDEM_SWEEP__INTERVAL");
        Files.writeString(tmp.resolve("tandem.conf"), "containers.max_running = lots\n");
        Throwable file = catchThrowable(() -> ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString())));
        assertThat(occurrences(file.getMessage(), "containers.max_running")).as(file.getMessage()).isEqualTo(1);
        assertThat(file.getMessage()).contains("lots").contains("tandem.conf");
    }

    @Test
    void anIdleTimeoutThatWouldCutOffALongPollIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_ADAPTERS__HTTP__IDLE_TIMEOUT", "20s"),
                Map.of("data_dir", tmp.toString()))).hasMessageContaining("adapters.http.idle_timeout")
                .hasMessageContaining("long poll");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_ADAPTERS__HTTP__MAX_CONNECTIONS", "0"),
                Map.of("data_dir", tmp.toString()))).hasMessageContaining("adapters.http.max_connections");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_ADMIN__MAX_FD_USE", "1.5"),
                Map.of("data_dir", tmp.toString()))).hasMessageContaining("admin.max_fd_use");
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theSessionConnectionCacheIsBoundedAndItsKeyValidated() {
        TandemConfig c = ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString()));
        assertThat(c.sessions().openConnections()).isEqualTo(64);
        assertThat(ConfigLoader.load(null, Map.of("TANDEM_SESSIONS__OPEN_CONNECTIONS", "2"),
                Map.of("data_dir", tmp.toString())).sessions().openConnections()).isEqualTo(2);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_SESSIONS__OPEN_CONNECTIONS", "0"),
                Map.of("data_dir", tmp.toString()))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("sessions.open_connections").hasMessageContaining("at least 1");
    }

    @Test
    void retentionHasItsDefaultsZeroKeepsForEverAndABadValueNamesItsKey() {
        TandemConfig c = ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString()));
        assertThat(c.retention()).isEqualTo(new io.tandem.host.retention.RetentionPolicy(java.time.Duration.ofDays(90),
                java.time.Duration.ofDays(90), java.time.Duration.ofDays(30),
                io.tandem.host.retention.RetentionPolicy.ClosedSessionAction.ARCHIVE));
        TandemConfig keep = ConfigLoader.load(null, Map.of("TANDEM_RETENTION__MESSAGES", "0"),
                Map.of("data_dir", tmp.toString()));
        assertThat(keep.retention().messagesCutoff(java.time.Instant.EPOCH)).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_RETENTION__CLOSED_SESSIONS_ACTION", "shred"),
                Map.of("data_dir", tmp.toString()))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("retention.closed_sessions_action").hasMessageContaining("archive or delete");
    }

    @Test
    void theRuntimeKeysHaveTheirDefaultsAndBadValuesAreRefusedNamingTheKey() {
        Map<String, String> data = Map.of("data_dir", tmp.toString());
        TandemConfig c = ConfigLoader.load(null, Map.of(), data);
        assertThat(c.containers().runtime()).isEqualTo(io.tandem.schema.rows.RuntimeKind.PROCESS);
        assertThat(c.containers().bwrapBinary()).isEqualTo("bwrap");
        assertThat(c.containers().docker()).isEqualTo(new TandemConfig.Docker("docker", "tandem-runner:latest"));
        TandemConfig d = ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__RUNTIME", "docker",
                "TANDEM_CONTAINERS__DOCKER__BINARY", "/opt/bin/docker",
                "TANDEM_CONTAINERS__DOCKER__IMAGE", "registry.example/tandem-runner:1.2"), data);
        assertThat(d.containers().runtime()).isEqualTo(io.tandem.schema.rows.RuntimeKind.DOCKER);
        assertThat(d.containers().docker()).isEqualTo(new TandemConfig.Docker("/opt/bin/docker",
                "registry.example/tandem-runner:1.2"));

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__RUNTIME", "podman"), data))
                .isInstanceOf(ConfigError.class).hasMessageContaining("containers.runtime")
                .hasMessageContaining("'podman' is not one of process|bwrap|docker");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__BWRAP__BINARY", "bin/bwrap"),
                data)).isInstanceOf(ConfigError.class).hasMessageContaining("containers.bwrap.binary");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__DOCKER__BINARY",
                "docker --host x"), data)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("containers.docker.binary");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__DOCKER__IMAGE", "-v /:/x"),
                data)).isInstanceOf(ConfigError.class).hasMessageContaining("containers.docker.image");
    }
}
