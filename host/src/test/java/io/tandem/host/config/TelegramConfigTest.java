package io.tandem.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adapters.telegram.*}: defaults, where the token comes from, that it is never printed, and refusals. */
class TelegramConfigTest {
    @TempDir
    Path tmp;

    private TandemConfig load(Map<String, String> env) {
        return ConfigLoader.load(null, env, Map.of("data_dir", tmp.toString()));
    }

    @Test
    void offByDefaultWithTheDocumentedValues() {
        TandemConfig.Telegram t = load(Map.of()).telegram();
        assertThat(t.enabled()).isFalse();
        assertThat(t.token()).isEmpty();
        assertThat(t.apiBase()).isEqualTo("https://api.telegram.org");
        assertThat(t.pollTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theTokenComesFromTheEnvironmentOrItsFileAndIsNeverPrinted() throws Exception {
        TandemConfig fromEnv = load(Map.of("TANDEM_ADAPTERS__TELEGRAM__ENABLED", "true",
                "TANDEM_ADAPTERS__TELEGRAM__TOKEN", "111:envsecret", "TANDEM_ADAPTERS__TELEGRAM__API_BASE",
                "http://127.0.0.1:9/"));
        assertThat(fromEnv.telegram().token()).isEqualTo("111:envsecret");
        assertThat(fromEnv.telegram().apiBase()).as("a trailing slash is dropped").isEqualTo("http://127.0.0.1:9");
        assertThat(fromEnv.toString()).doesNotContain("envsecret").contains("token=***");

        Path file = tmp.resolve("bot.token");
        Files.writeString(file, "222:filesecret\n");
        Files.writeString(tmp.resolve("tandem.conf"), "adapters.telegram { enabled = true, token_file = \""
                + file + "\" }\n");
        TandemConfig fromFile = load(Map.of());
        assertThat(fromFile.telegram().token()).isEqualTo("222:filesecret");
        assertThat(fromFile.toString()).doesNotContain("filesecret");
    }

    @Test
    void refusalsNameTheKey() {
        assertThatThrownBy(() -> load(Map.of("TANDEM_ADAPTERS__TELEGRAM__ENABLED", "true")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("adapters.telegram.token")
                .hasMessageContaining("TANDEM_ADAPTERS__TELEGRAM__TOKEN");
        assertThatThrownBy(() -> load(Map.of("TANDEM_ADAPTERS__TELEGRAM__API_BASE", "api.telegram.org")))
                .hasMessageContaining("adapters.telegram.api_base");
        assertThatThrownBy(() -> load(Map.of("TANDEM_ADAPTERS__TELEGRAM__POLL_TIMEOUT", "90s")))
                .hasMessageContaining("adapters.telegram.poll_timeout");
        assertThatThrownBy(() -> load(Map.of("TANDEM_ADAPTERS__TELEGRAM__TOKEN_FILE", tmp.resolve("none").toString())))
                .hasMessageContaining("adapters.telegram.token_file");
        assertThatThrownBy(() -> load(Map.of("TANDEM_ADAPTERS__TELEGRAM__TOKN", "x")))
                .hasMessageContaining("did you mean adapters.telegram.token");
    }

    @Test
    void aWrongTypedTokenIsNotEchoedInTheError() throws Exception {
        Files.writeString(tmp.resolve("tandem.conf"), "adapters.telegram.token = { secret = \"333:typo-secret\" }\n");
        assertThatThrownBy(() -> load(Map.of())).hasMessageContaining("adapters.telegram.token")
                .hasMessageNotContaining("typo-secret");
    }
}
