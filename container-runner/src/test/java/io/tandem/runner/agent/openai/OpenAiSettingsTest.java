package io.tandem.runner.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.session.ContainerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiSettingsTest {
    private static ContainerSpec.Agent agent(String baseUrl, String model, String keyEnv, Integer maxHistory,
            Integer maxSteps, Double temperature) {
        return new ContainerSpec.Agent("openai", List.of(), Map.of(), ".", baseUrl, model, null, keyEnv, maxHistory,
                maxSteps, temperature);
    }

    @Test
    void defaultsEndpointKeyAndTheCallBudgetBelowTheBatchTimeout() {
        OpenAiSettings s = OpenAiSettings.from(agent("http://127.0.0.1:8080/v1/", "m", "MY_KEY", null, null, null),
                Map.of("MY_KEY", "sk-secret-1")::get, 600_000);
        assertThat(s.endpoint()).hasToString("http://127.0.0.1:8080/v1/chat/completions");
        assertThat(s.apiKey()).isEqualTo("sk-secret-1");
        assertThat(s.maxHistory()).isEqualTo(40);
        assertThat(s.maxSteps()).isEqualTo(8);
        assertThat(s.systemPrompt()).isEqualTo(OpenAiSettings.DEFAULT_SYSTEM_PROMPT);
        assertThat(s.callBudget()).isEqualTo(Duration.ofSeconds(595));
        assertThat(OpenAiSettings.from(agent("https://api.openai.com/v1", "m", null, 3, 2, 0.5), k -> null, 5000)
                .callBudget()).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.toString()).doesNotContain("sk-secret-1").contains("apiKey=***");
        assertThat(s.redact("bad key sk-secret-1!")).isEqualTo("bad key ***!");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
        "-|m|-|agent.base_url is required",
        "ftp://x/v1|m|-|agent.base_url 'ftp://x/v1' must be an http(s) URL",
        "http://x/v1?a=b|m|-|must be an http(s) URL without query",
        "http://x y|m|-|agent.base_url 'http://x y' is not a URL",
        "http://x/v1| |-|agent.model is required",
        "http://x/v1|m|MISSING_KEY|agent.api_key_env names MISSING_KEY but that variable is not set",
    })
    void aWrongSettingNamesItsKey(String baseUrl, String model, String keyEnv, String message) {
        assertThatThrownBy(() -> OpenAiSettings.from(agent(baseUrl, model, keyEnv, null, null, null), k -> null,
                600_000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> OpenAiSettings.from(agent("http://x/v1", "m", null, 0, null, null), k -> null, 1000))
                .hasMessageContaining("agent.max_history must be at least 1");
        assertThatThrownBy(() -> OpenAiSettings.from(agent("http://x/v1", "m", null, null, 0, null), k -> null, 1000))
                .hasMessageContaining("agent.max_steps must be at least 1");
        assertThatThrownBy(() -> OpenAiSettings.from(agent("http://x/v1", "m", null, null, null, 3.0), k -> null, 1000))
                .hasMessageContaining("agent.temperature must be between 0 and 2");
    }
}
