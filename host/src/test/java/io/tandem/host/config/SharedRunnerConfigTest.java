package io.tandem.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code containers.process.shared} and {@code shared_jvm_args}: defaults, overrides, which flags a process runner gets. */
class SharedRunnerConfigTest {
    @TempDir
    Path tmp;

    @Test
    void sharedIsTheDefaultAndItsJvmTakesTheSharedFlags() {
        TandemConfig.Containers c = ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString())).containers();
        assertThat(c.shared()).isTrue();
        assertThat(c.sharedJvmArgs()).contains("-XX:+UseSerialGC", "-Xmx256m")
                .as("C1 only: C2 cost more CPU than it saved (docs/performance.md)").contains("-XX:TieredStopAtLevel=1");
        assertThat(c.processJvmArgs()).isEqualTo(c.sharedJvmArgs());
    }

    @Test
    void sharedFalseFromTheEnvironmentMeansTheFlagsOfOneJvmPerSession() {
        TandemConfig.Containers c = ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__PROCESS__SHARED", "false",
                "TANDEM_CONTAINERS__PROCESS__SHARED_JVM_ARGS", "-Xmx300m -XX:+UseSerialGC"),
                Map.of("data_dir", tmp.toString())).containers();
        assertThat(c.shared()).isFalse();
        assertThat(c.sharedJvmArgs()).containsExactly("-Xmx300m", "-XX:+UseSerialGC");
        assertThat(c.processJvmArgs()).isEqualTo(c.jvmArgs()).contains("-Xmx96m");
    }

    @Test
    void aValueThatIsNoBooleanNamesTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TANDEM_CONTAINERS__PROCESS__SHARED", "maybe"),
                Map.of("data_dir", tmp.toString()))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("containers.process.shared").hasMessageContaining("true or false");
    }
}
