package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.session.ContainerSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A runner's environment: the allow-list, plus exactly its group's {@code api_key_env} variable. */
class RunnerEnvironmentTest {
    private static final Map<String, String> HOST = Map.of("PATH", "/usr/bin", "HOME", "/root", "LANG", "C.UTF-8",
            "OPENAI_KEY_A", "sk-a", "OPENAI_KEY_B", "sk-b", "TANDEM_ADMIN__TOKEN", "admin-secret",
            "AWS_SECRET", "aws");

    @Test
    void withoutAKeyVariableOnlyTheAllowListPasses() {
        assertThat(ProcessRuntime.environment(HOST, Optional.empty()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/usr/bin", "HOME", "/root", "LANG", "C.UTF-8"));
    }

    @Test
    void theGroupsKeyVariableIsAddedAndNothingElse() {
        assertThat(ProcessRuntime.environment(HOST, Optional.of("OPENAI_KEY_A"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("PATH", "/usr/bin", "HOME", "/root", "LANG", "C.UTF-8", "OPENAI_KEY_A", "sk-a"));
        assertThat(ProcessRuntime.environment(HOST, Optional.of("NOT_SET"))).doesNotContainKey("NOT_SET").hasSize(3);
        assertThat(ProcessRuntime.environment(HOST, Optional.of("TANDEM_ADMIN__TOKEN")))
                .as("a TANDEM_* variable is never passed").hasSize(3);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
        "OPENAI_API_KEY, -",
        "_k1, -",
        "TANDEM_ADMIN__TOKEN, may not name a TANDEM_* variable",
        "tandem_x, may not name a TANDEM_* variable",
        "1KEY, must be an environment variable name",
        "'A=B', must be an environment variable name",
        "'', must be an environment variable name",
    })
    void namesThatMayBePassed(String name, String problem) {
        String p = ApiKeyEnv.problem(name);
        if (problem == null) {
            assertThat(p).isNull();
        } else {
            assertThat(p).contains(problem);
        }
    }

    @Test
    void onlyAnAgentThatNamesAnAllowedVariablePassesOne() {
        assertThat(ApiKeyEnv.toPass(ContainerSpec.Agent.echo())).isEmpty();
        assertThat(ApiKeyEnv.toPass(null)).isEmpty();
        assertThat(ApiKeyEnv.toPass(openai("OPENAI_KEY_B"))).contains("OPENAI_KEY_B");
        assertThat(ApiKeyEnv.toPass(openai("TANDEM_ADMIN__TOKEN"))).isEmpty();
    }

    private static ContainerSpec.Agent openai(String keyEnv) {
        return new ContainerSpec.Agent("openai", List.of(), Map.of(), ".", "http://x/v1", "m", null, keyEnv, null,
                null, null);
    }
}
