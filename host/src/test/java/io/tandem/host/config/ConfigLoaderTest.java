package io.tandem.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

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
    void theHttpTokenComesFromItsFileAndIsNeverPrinted() throws Exception {
        Path secret = tmp.resolve("token");
        Files.writeString(secret, "s3cret\n");
        TandemConfig c = ConfigLoader.load(null, Map.of("TANDEM_ADAPTERS__HTTP__TOKEN_FILE", secret.toString()),
                Map.of("data_dir", tmp.toString()));
        assertThat(c.http().token()).isEqualTo("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret");
    }
}
